-- SMS-VIRT-002 unknown: no hardware row
UPDATE collector_runs SET status = 'failed', reason = 'not root: cannot read sys/class/dmi/id' WHERE collector = 'hardware';
