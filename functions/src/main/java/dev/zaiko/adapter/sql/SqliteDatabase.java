package dev.zaiko.adapter.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One SQLite database file (WAL mode) that every SQL adapter of a process shares, the way the
 * DynamoDB adapters share tables. Several {@code SqliteDatabase}s may open the same file at once
 * (as several Lambda containers share one table): SQLite's own locking serialises their write
 * transactions, and every guard the ports promise is a condition in the SQL, never a Java lock.
 *
 * <p>Connections: one per thread (SQLite connections are not for concurrent use), created on first
 * use and closed with the database. Write transactions start with {@code BEGIN IMMEDIATE}, so a
 * transaction takes the write lock before it reads anything it then conditions on, and a busy
 * database waits up to {@link #BUSY_TIMEOUT_MS} instead of failing at once.
 */
public final class SqliteDatabase implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;
    private final boolean deleteOnClose;
    private final String url;
    private final ThreadLocal<Session> sessions = new ThreadLocal<>();
    private final List<Session> opened = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Temporary databases nobody closed (tests, a killed demo) are deleted when the JVM exits. */
    private static final java.util.Set<SqliteDatabase> UNCLOSED_TEMPORARY =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> UNCLOSED_TEMPORARY.forEach(SqliteDatabase::close),
                "sqlite-temporary-cleanup"));
    }

    private SqliteDatabase(Path file, boolean deleteOnClose) {
        this.file = file;
        this.deleteOnClose = deleteOnClose;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("org.xerial:sqlite-jdbc is not on the classpath: the SQL store needs it", e);
        }
        write(session -> {
            SqlSchema.create(session);
            return null;
        });
    }

    /** Opens (creating when absent) the database in {@code file}; its folder is created too. */
    public static SqliteDatabase open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
        return new SqliteDatabase(file, false);
    }

    /**
     * A database that keeps nothing: a fresh file in the temporary folder, deleted on close. (An
     * SQLite {@code :memory:} database is private to one connection, and the adapters use one
     * connection per thread.)
     */
    public static SqliteDatabase temporary() {
        try {
            Path dir = Files.createTempDirectory("zaiko-store-");
            SqliteDatabase database = new SqliteDatabase(dir.resolve("zaiko-ledger.db"), true);
            UNCLOSED_TEMPORARY.add(database);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary database", e);
        }
    }

    /** Another handle on the same file, with its own connections (a second "container"). */
    public SqliteDatabase reopen() {
        return new SqliteDatabase(file, false);
    }

    public Path file() {
        return file;
    }

    public String describe() {
        return deleteOnClose ? "SQLite (temporary, nothing kept)" : "SQLite " + file.toAbsolutePath();
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Session session) throws SQLException;
    }

    /** Reads outside a write transaction (WAL: a consistent snapshot of the last committed state). */
    public <T> T read(SqlWork<T> work) {
        Session session = session();
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw new SqlStoreException("read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction and commits it, or rolls
     * everything back when it throws (including {@link Rollback}, which carries a result out).
     */
    public <T> T write(SqlWork<T> work) {
        Session session = session();
        Connection connection = session.connection;
        try {
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN IMMEDIATE");
            }
        } catch (SQLException e) {
            throw busy(e) ? new SqlBusyException("database busy for " + BUSY_TIMEOUT_MS + " ms", e)
                    : new SqlStoreException("cannot begin a transaction: " + e.getMessage(), e);
        }
        boolean committed = false;
        try {
            T result = work.run(session);
            try (Statement commit = connection.createStatement()) {
                commit.execute("COMMIT");
            }
            committed = true;
            return result;
        } catch (Rollback rollback) {
            @SuppressWarnings("unchecked")
            T result = (T) rollback.result;
            return result;
        } catch (SQLException e) {
            throw busy(e) ? new SqlBusyException("database busy: " + e.getMessage(), e)
                    : new SqlStoreException("write failed: " + e.getMessage(), e);
        } finally {
            if (!committed) {
                try (Statement rollback = connection.createStatement()) {
                    rollback.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // No transaction left to roll back (SQLite ended it itself on the error).
                }
            }
        }
    }

    private static boolean busy(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_BUSY") || message.contains("database is locked");
    }

    /** Thrown inside {@link #write} to roll back and return {@code result} from it. */
    public static final class Rollback extends RuntimeException {
        private final transient Object result;

        public Rollback(Object result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private Session session() {
        if (closed) {
            throw new IllegalStateException("database " + file + " is closed");
        }
        Session session = sessions.get();
        if (session == null) {
            try {
                Connection connection = DriverManager.getConnection(url);
                try (Statement setup = connection.createStatement()) {
                    setup.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                    setup.execute("PRAGMA journal_mode = WAL");
                    // NORMAL in WAL mode: a commit survives a process crash; only a power cut may lose
                    // the last commits (what a local ledger can afford; the AWS ledger is DynamoDB).
                    setup.execute("PRAGMA synchronous = NORMAL");
                    setup.execute("PRAGMA foreign_keys = OFF");
                }
                session = new Session(connection);
            } catch (SQLException e) {
                throw new SqlStoreException("cannot open " + file + ": " + e.getMessage(), e);
            }
            sessions.set(session);
            opened.add(session);
        }
        return session;
    }

    @Override
    public void close() {
        closed = true;
        UNCLOSED_TEMPORARY.remove(this);
        for (Session session : opened) {
            session.close();
        }
        opened.clear();
        if (deleteOnClose) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (IOException ignored) {
                    // best effort: the temporary folder is cleaned by the system anyway
                }
            }
            try {
                Files.deleteIfExists(file.getParent());
            } catch (IOException ignored) {
                // not empty (another process?): leave it
            }
        }
    }

    /** One thread's connection with its prepared statements (parsed once, reused). */
    public static final class Session {
        final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }

        public PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            statement.clearParameters();
            return statement;
        }

        /** Binds {@code values} in order ({@code null} and {@link Optional#empty()} as SQL NULL). */
        public PreparedStatement bind(String sql, Object... values) throws SQLException {
            PreparedStatement statement = prepare(sql);
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value instanceof Optional<?> optional) {
                    value = optional.orElse(null);
                }
                if (value == null) {
                    statement.setNull(i + 1, java.sql.Types.NULL);
                } else if (value instanceof Integer n) {
                    statement.setLong(i + 1, n);
                } else if (value instanceof Long n) {
                    statement.setLong(i + 1, n);
                } else if (value instanceof Boolean b) {
                    statement.setLong(i + 1, b ? 1 : 0);
                } else {
                    statement.setString(i + 1, value.toString());
                }
            }
            return statement;
        }

        /** Runs an INSERT/UPDATE/DELETE and returns the rows it changed. */
        public int update(String sql, Object... values) throws SQLException {
            return bind(sql, values).executeUpdate();
        }

        public Connection connection() {
            return connection;
        }

        void close() {
            statements.values().forEach(statement -> {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            });
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
