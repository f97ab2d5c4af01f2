-- The queue's schema as release 0.1.0 (commit 5fdddeb) created it on sqlite: create_tables() + upgrade().

-- Kept to test that the migrations adopt a database the last release made. Do not edit.

CREATE TABLE work_item (
	id INTEGER NOT NULL, 
	process VARCHAR(100) NOT NULL, 
	reference VARCHAR(200) NOT NULL, 
	state VARCHAR(20) NOT NULL, 
	attempts INTEGER NOT NULL, 
	payload JSON NOT NULL, 
	subject VARCHAR(40), 
	subject_name VARCHAR(200), 
	period VARCHAR(20), 
	business_key VARCHAR(300), 
	amount INTEGER, 
	decision JSON NOT NULL, 
	trace JSON NOT NULL, 
	reasons JSON NOT NULL, 
	data JSON NOT NULL, 
	errors JSON NOT NULL, 
	last_error TEXT, 
	evidence JSON NOT NULL, 
	worker_id VARCHAR(200), 
	lease_expires_at DATETIME, 
	not_before DATETIME, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	run_id VARCHAR(64), 
	submitted_at DATETIME, 
	decided_at DATETIME, 
	decided_outcome VARCHAR(20), 
	decided_amount INTEGER, 
	decided_by VARCHAR(200), 
	followed_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_work_item_process_reference UNIQUE (process, reference)
);

CREATE INDEX ix_work_item_business_key ON work_item (process, business_key);

CREATE INDEX ix_work_item_claim ON work_item (process, state, id);

CREATE INDEX ix_work_item_run ON work_item (run_id);

CREATE UNIQUE INDEX uq_work_item_active_business_key ON work_item (process, business_key) WHERE state = 'in_progress' AND business_key IS NOT NULL;

CREATE TABLE pass_record (
	id INTEGER NOT NULL, 
	run_id VARCHAR(64) NOT NULL, 
	process VARCHAR(100) NOT NULL, 
	worker_id VARCHAR(200) NOT NULL, 
	started_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	counts JSON NOT NULL, 
	stopped_reason TEXT, 
	stop_code VARCHAR(40), 
	report_path TEXT, 
	PRIMARY KEY (id), 
	UNIQUE (run_id)
);

CREATE TABLE notification (
	id INTEGER NOT NULL, 
	process VARCHAR(100) NOT NULL, 
	item_id INTEGER NOT NULL, 
	reference VARCHAR(200) NOT NULL, 
	step VARCHAR(40) NOT NULL, 
	channel VARCHAR(40) NOT NULL, 
	state VARCHAR(20) NOT NULL, 
	details JSON NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_notification_item_step_channel UNIQUE (item_id, step, channel), 
	FOREIGN KEY(item_id) REFERENCES work_item (id)
);

CREATE INDEX ix_notification_pending ON notification (process, state, id);
