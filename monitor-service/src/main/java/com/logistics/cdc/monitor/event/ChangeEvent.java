package com.logistics.cdc.monitor.event;

/**
 * One Debezium change event of package_status. {@code eventId} is derived from the change's position in the
 * database log (LSN, table, key), so the same change re-sent after a Connect restart has the same id.
 */
public record ChangeEvent(String eventId, Operation op, Long key, PackageSnapshot before, PackageSnapshot after,
                          long lsn, Long txId, long committedAtMs, long emittedAtMs, String table, boolean snapshot) {

    /** The row as it is after the change (before it, for a delete). */
    public PackageSnapshot current() {
        return after != null ? after : before;
    }

    /**
     * A status change a customer is told about: a new package or a move; deletes and snapshots are not. An update
     * is one without the row before it too (a table whose REPLICA IDENTITY is not FULL sends none): it is told
     * with no previous status, not dropped.
     */
    public boolean isMovement() {
        return op == Operation.CREATE || (op == Operation.UPDATE && after != null);
    }

    public String previousStatus() {
        return before == null ? null : before.status();
    }

    public static String eventId(long lsn, String table, Object key) {
        return lsn + ":" + table + ":" + key;
    }
}
