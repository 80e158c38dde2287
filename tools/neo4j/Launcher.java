/*
 * Dev/CI Neo4j server without Docker: Neo4j Community 5.26 embedded, Bolt only.
 *
 * Run (no compile step, Java 17 single-file source launch):
 *   java -cp 'tools/neo4j/lib/*' tools/neo4j/Launcher.java [--port N] [--data-dir DIR]
 *
 * Settings (argument wins over environment, environment over default):
 *   --port N        / NEO4J_PORT       Bolt port on 127.0.0.1           (default 7687)
 *   --data-dir DIR  / NEO4J_DATA_DIR   Neo4j home (data/, logs/ inside) (default tools/neo4j/run/data)
 *   NEO4J_PASSWORD                     password of user neo4j            (default chainkg-test)
 *   --pagecache SZ  / NEO4J_PAGECACHE  page cache size, e.g. 512m, 1g    (default 512m)
 *
 * Auth is enabled and a wrong password is refused. On a fresh data dir the password is written as the
 * initial credential of user neo4j (what `neo4j-admin dbms set-initial-password` does), so the system
 * database is created with it and no administration command has to be compiled at startup (saves
 * several seconds). On a kept data dir it is (re)set with `ALTER USER ... CHANGE NOT REQUIRED` on the
 * system database.
 * LOAD CSV cannot read local files (dbms.security.allow_csv_import_from_file_urls=false) and its
 * import directory (server.directories.import) is an empty folder under the home.
 * HTTP/HTTPS are off. Prints exactly one line "NEO4J_READY bolt://127.0.0.1:PORT" on stdout once
 * Bolt accepts connections. SIGTERM/SIGINT shut the DBMS down cleanly (shutdown hook).
 * On a startup failure it prints one line "NEO4J_FAILED <reason>" to stderr and exits 1.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.Credential;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.string.UTF8;

public final class Launcher {

    private static final String HOST = "127.0.0.1";
    private static final int DEFAULT_PORT = 7687;
    private static final String DEFAULT_DATA_DIR = "tools/neo4j/run/data";
    private static final String DEFAULT_PASSWORD = "chainkg-test";
    private static final String DEFAULT_PAGECACHE = "512m";
    private static final String USER = "neo4j";
    private static final int MIN_PASSWORD_LENGTH = 8; // Neo4j's dbms.security.auth_minimum_password_length

    private Launcher() {}

    public static void main(String[] args) {
        Map<String, String> opts;
        int port;
        long pagecacheBytes;
        try {
            opts = parseArgs(args);
            port = parsePort(pick(opts, "port", "NEO4J_PORT", String.valueOf(DEFAULT_PORT)));
            pagecacheBytes = parseSize(pick(opts, "pagecache", "NEO4J_PAGECACHE", DEFAULT_PAGECACHE));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        Path home = Path.of(pick(opts, "data-dir", "NEO4J_DATA_DIR", DEFAULT_DATA_DIR)).toAbsolutePath();
        String password = envOr("NEO4J_PASSWORD", DEFAULT_PASSWORD);

        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            fail("NEO4J_PASSWORD must have at least " + MIN_PASSWORD_LENGTH + " characters");
            return;
        }

        boolean fresh;
        Path importDir = home.resolve("import-empty");
        try {
            Files.createDirectories(home);
            Files.createDirectories(importDir);
            fresh = writeInitialPasswordIfFresh(home, password);
        } catch (Exception e) {
            fail("could not write the initial password under " + home + ": " + rootMessage(e));
            return;
        }

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheBytes)
                    // Second wall of the analyst path (README, Security): LOAD CSV may not read local
                    // files, and its import directory is an empty folder of this server's own.
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                    // Dev/CI server: no 2 x 5 s Netty quiet period on shutdown.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        } catch (Exception e) {
            fail("could not start the DBMS (is port " + port + " already in use?): " + rootMessage(e));
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        try {
            if (!fresh) {
                alterPassword(dbms, password);
            }
        } catch (RuntimeException e) {
            fail("could not set the password of user " + USER + ": " + rootMessage(e));
            return;
        }

        System.out.println("NEO4J_READY bolt://" + HOST + ":" + port);
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On a home without a system database, writes data/dbms/auth.ini holding user neo4j with the
     * given password (no change required); Neo4j seeds the system database from it on first start.
     * Returns whether the home was fresh.
     */
    private static boolean writeInitialPasswordIfFresh(Path home, String password) throws Exception {
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path systemDb = config.get(GraphDatabaseInternalSettings.databases_root_path)
                .resolve(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (Files.exists(systemDb)) {
            return false;
        }
        Path authIni = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        Files.createDirectories(authIni.getParent());
        Files.deleteIfExists(authIni);
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            FileUserRepository repo = new FileUserRepository(
                    fs, authIni, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repo.start();
            Credential credential =
                    SystemGraphCredential.createCredentialForPassword(UTF8.encode(password), new SecureHasher());
            repo.create(new User(USER, null, credential, false, false));
            repo.shutdown();
        }
        return true;
    }

    /** Sets the password through the system database; a kept data dir may already have it. */
    private static void alterPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            String msg = rootMessage(e).toLowerCase(Locale.ROOT);
            // Re-using a kept data dir whose password is already this one: nothing to do.
            if (!(msg.contains("old password") && msg.contains("same"))) {
                throw e;
            }
        }
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a
                        + "'; usage: Launcher.java [--port N] [--data-dir DIR] [--pagecache SIZE]");
            }
            String key;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                key = a.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!key.equals("port") && !key.equals("data-dir") && !key.equals("pagecache")) {
                throw new IllegalArgumentException("unknown option --" + key
                        + "; known: --port, --data-dir, --pagecache");
            }
            out.put(key, value);
        }
        return out;
    }

    private static String pick(Map<String, String> opts, String key, String env, String dflt) {
        String v = opts.get(key);
        return v != null ? v : envOr(env, dflt);
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + s + "'; give 1-65535 via --port or NEO4J_PORT");
        }
    }

    private static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid page cache size '" + s + "'; use e.g. 512m or 1g");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getName() : m).replace('\n', ' ');
    }

    private static void fail(String reason) {
        System.err.println("NEO4J_FAILED " + reason);
        System.err.flush();
        System.exit(1); // runs the shutdown hook (clean DBMS shutdown) if the DBMS was built
    }
}
