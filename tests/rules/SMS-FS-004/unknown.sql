-- SMS-FS-004 unknown: the filesystems collector did not run
DELETE FROM collector_runs WHERE collector = 'filesystems';
