CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`actor_id` bigint unsigned NOT NULL,
	`action` varchar(64) NOT NULL,
	`target` varchar(128) NOT NULL,
	`details` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `inbox_floors` (
	`user_id` bigint unsigned NOT NULL,
	`floor_seq` bigint unsigned NOT NULL,
	CONSTRAINT `inbox_floors_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `retention_policies` (
	`tenant_id` varchar(64) NOT NULL,
	`messages_days` int unsigned,
	`transcripts_days` int unsigned,
	`attachments_days` int unsigned,
	`inbox_events_days` int unsigned,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `retention_policies_tenant_id` PRIMARY KEY(`tenant_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`webhook_id` bigint unsigned NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`event` varchar(32) NOT NULL,
	`subject_user_id` bigint unsigned,
	`payload` json NOT NULL,
	`state` enum('PENDING','DELIVERED','DEAD') NOT NULL DEFAULT 'PENDING',
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_status` int,
	`last_error` varchar(500),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`delivered_at` datetime(3),
	CONSTRAINT `webhook_deliveries_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`secret` varchar(128) NOT NULL,
	`events` json NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`created_by` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `webhooks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `ix_audit_tenant` ON `audit_log` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `ix_webhook_deliveries_due` ON `webhook_deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `ix_webhook_deliveries_webhook` ON `webhook_deliveries` (`webhook_id`,`id`);--> statement-breakpoint
CREATE INDEX `ix_webhooks_tenant` ON `webhooks` (`tenant_id`);