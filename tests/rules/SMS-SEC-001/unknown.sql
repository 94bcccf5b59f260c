-- SMS-SEC-001 unknown: the services collector failed
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''etc/systemd/system'': Permission denied' WHERE collector = 'services';
