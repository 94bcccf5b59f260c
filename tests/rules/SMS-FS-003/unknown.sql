-- SMS-FS-003 unknown: etc/fstab could not be read
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''etc/fstab'': Permission denied' WHERE collector = 'filesystems';
