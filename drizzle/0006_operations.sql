CREATE TABLE `ops_alerts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64),
	`source` enum('RULE','ANOMALY') NOT NULL,
	`rule` varchar(64) NOT NULL,
	`severity` enum('critical','warning','info') NOT NULL,
	`fingerprint` varchar(191) NOT NULL,
	`summary` varchar(500) NOT NULL,
	`details` json,
	`value` double,
	`started_at` datetime(3) NOT NULL,
	`resolved_at` datetime(3),
	`notified` boolean NOT NULL DEFAULT true,
	CONSTRAINT `ops_alerts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ops_daily_active_users` (
	`tenant_id` varchar(64) NOT NULL,
	`day` date NOT NULL,
	`users` int unsigned NOT NULL,
	CONSTRAINT `ops_daily_active_users_tenant_id_day_pk` PRIMARY KEY(`tenant_id`,`day`)
);
--> statement-breakpoint
CREATE TABLE `ops_daily_messages` (
	`tenant_id` varchar(64) NOT NULL,
	`day` date NOT NULL,
	`type` enum('TEXT','SYSTEM','MEETING_INVITE','MEETING_SUMMARY','REMINDER') NOT NULL,
	`priority` enum('URGENT','NORMAL','LOW') NOT NULL,
	`messages` int unsigned NOT NULL,
	`recipients` int unsigned NOT NULL,
	`delivered` int unsigned NOT NULL,
	`delivery_ms_sum` bigint unsigned NOT NULL,
	`read_count` int unsigned NOT NULL,
	`read_ms_sum` bigint unsigned NOT NULL,
	CONSTRAINT `ops_daily_messages_tenant_id_day_type_priority_pk` PRIMARY KEY(`tenant_id`,`day`,`type`,`priority`)
);
--> statement-breakpoint
CREATE TABLE `ops_daily_senders` (
	`tenant_id` varchar(64) NOT NULL,
	`day` date NOT NULL,
	`sender_id` bigint unsigned NOT NULL,
	`messages` int unsigned NOT NULL,
	CONSTRAINT `ops_daily_senders_tenant_id_day_sender_id_pk` PRIMARY KEY(`tenant_id`,`day`,`sender_id`)
);
--> statement-breakpoint
CREATE TABLE `ops_rollups` (
	`day` date NOT NULL,
	`rolled_at` datetime(3) NOT NULL,
	CONSTRAINT `ops_rollups_day` PRIMARY KEY(`day`)
);
--> statement-breakpoint
CREATE INDEX `ix_ops_alerts_fingerprint` ON `ops_alerts` (`fingerprint`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `ix_ops_alerts_tenant` ON `ops_alerts` (`tenant_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `ix_messages_created` ON `messages` (`created_at`);