package dev.zaiko.infra;

import software.amazon.awscdk.services.budgets.CfnBudget;
import software.constructs.Construct;

import java.util.List;
import java.util.Objects;

/**
 * An AWS Budgets cost budget from the config's {@code monthlyBudgetUsd}: an e-mail to the alert
 * address when the month's actual cost passes 80% of it and when the forecast passes 100%. The
 * first two budgets of an account are free. Budgets are account-wide: they see every cost of the
 * account, not only this stack's.
 */
public final class BudgetConstruct extends Construct {
    public record Props(int monthlyUsd, String alertEmail) {
        public Props {
            if (monthlyUsd < 1) {
                throw new IllegalArgumentException("monthlyUsd must be >= 1: " + monthlyUsd);
            }
            Objects.requireNonNull(alertEmail, "alertEmail");
        }
    }

    private final CfnBudget budget;

    public BudgetConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        var subscriber = CfnBudget.SubscriberProperty.builder().subscriptionType("EMAIL")
                .address(props.alertEmail()).build();
        this.budget = CfnBudget.Builder.create(this, "Monthly")
                .budget(CfnBudget.BudgetDataProperty.builder()
                        .budgetType("COST")
                        .timeUnit("MONTHLY")
                        .budgetLimit(CfnBudget.SpendProperty.builder().amount(props.monthlyUsd()).unit("USD").build())
                        .build())
                .notificationsWithSubscribers(List.of(
                        CfnBudget.NotificationWithSubscribersProperty.builder()
                                .notification(CfnBudget.NotificationProperty.builder()
                                        .notificationType("ACTUAL").comparisonOperator("GREATER_THAN")
                                        .threshold(80).thresholdType("PERCENTAGE").build())
                                .subscribers(List.of(subscriber)).build(),
                        CfnBudget.NotificationWithSubscribersProperty.builder()
                                .notification(CfnBudget.NotificationProperty.builder()
                                        .notificationType("FORECASTED").comparisonOperator("GREATER_THAN")
                                        .threshold(100).thresholdType("PERCENTAGE").build())
                                .subscribers(List.of(subscriber)).build()))
                .build();
    }

    public CfnBudget budget() {
        return budget;
    }
}
