-- SMS-HW-001 unknown: the disks collector did not run
DELETE FROM collector_runs WHERE collector = 'disks';
