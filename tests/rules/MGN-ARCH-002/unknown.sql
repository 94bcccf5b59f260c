-- MGN-ARCH-002 unknown: the kernel collector failed
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''proc/sys/kernel/osrelease'': Permission denied' WHERE collector = 'kernel';
