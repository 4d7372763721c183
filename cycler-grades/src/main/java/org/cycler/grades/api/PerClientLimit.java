package org.cycler.grades.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.Connection;

/**
 * Closes a new connection at once when its remote address already holds {@code max}, so one
 * client (however many half-sent or idle connections it opens) cannot take the server's
 * connections from the others. Thread-safe: Jetty calls it from its selector threads.
 */
final class PerClientLimit implements Connection.Listener {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    PerClientLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = client(connection);
        if (client != null && open.merge(client, 1, Integer::sum) > max) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress client = client(connection);
        if (client != null) {
            open.computeIfPresent(client, (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    private static InetAddress client(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
