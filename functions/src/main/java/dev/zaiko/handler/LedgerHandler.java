package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.zaiko.contract.OrderEventCodec;
import dev.zaiko.app.BatchResult;
import dev.zaiko.app.Delivery;
import dev.zaiko.app.LedgerService;
import dev.zaiko.config.JsonLog;
import dev.zaiko.config.FlowWiring;

import java.util.ArrayList;
import java.util.List;

/**
 * The ledger Lambda: a batch of normalised order events from the orders queue in, partial batch
 * failures out, so one bad message never blocks or re-applies the others. A message that is not a
 * valid order event fails every time and so ends in the orders DLQ.
 */
public final class LedgerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LedgerService ledger;
    private final OrderEventCodec codec;

    /** Lambda's constructor: clients and config once per container; push requests also wake the pushers. */
    public LedgerHandler() {
        this(FlowWiring.fromEnvironment());
    }

    private LedgerHandler(FlowWiring wiring) {
        this(wiring.composition().ledger(), wiring.orderEventCodec());
    }

    public LedgerHandler(LedgerService ledger, OrderEventCodec codec) {
        this.ledger = ledger;
        this.codec = codec;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                deliveries.add(new Delivery(message.getMessageId(), codec.fromJson(message.getBody()),
                        receiveCount(message) > 1));
            } catch (OrderEventCodec.MalformedEventException e) {
                JsonLog.error("order_event_malformed", "messageId", message.getMessageId(), "error", e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        BatchResult result = ledger.applyBatch(deliveries);
        AppliedOrdersLog.log(result.applied());
        for (BatchResult.Failure failure : result.failed()) {
            JsonLog.warn("order_event_retry", "messageId", failure.deliveryId(), "reason", failure.reason());
            failures.add(new SQSBatchResponse.BatchItemFailure(failure.deliveryId()));
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
