package dev.parley.xmpp.server;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A random per-installation secret kept in the data directory. SCRAM uses it to answer for unknown
 * accounts with salts that stay the same across restarts, so probing cannot tell which accounts exist.
 */
final class NodeSecret {
    private NodeSecret() { }

    static byte[] load(Path dataDir) throws IOException {
        Path file = dataDir.resolve("node.secret");
        if (Files.exists(file)) return Files.readAllBytes(file);
        Files.createDirectories(dataDir);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path tmp = Files.createTempFile(dataDir, "node", ".tmp");
        try {
            try { Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------")); } catch (UnsupportedOperationException ignored) { }
            Files.write(tmp, secret);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(file)) Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Files.readAllBytes(file);
    }
}
