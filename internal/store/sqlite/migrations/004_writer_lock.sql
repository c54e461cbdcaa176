-- The writer lock: at most one row, the program allowed to write clusters
-- (see Store.LockWriter), with what a waiter needs to tell whether it is
-- still alive. token is the holder's random secret: a heartbeat, a release
-- or a takeover changes the row only while it still holds the token read.
-- host names the machine for people; host_id is what decides that a holder
-- runs on this machine, where its pid can be checked (the host name and,
-- on Linux, the pid namespace, so two containers sharing a host name and a
-- database file do not judge each other's pids).
CREATE TABLE writer_lock (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token        TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    host_id      TEXT NOT NULL,
    command      TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
