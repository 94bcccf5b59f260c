-- MGN-FS-005 unknown: the filesystems collector failed
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''proc/self/mountinfo'': No such file or directory' WHERE collector = 'filesystems';
