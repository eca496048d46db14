CREATE TABLE `meeting_times` (
	`meeting_id` bigint unsigned NOT NULL,
	`starts_at` datetime(3) NOT NULL,
	`ends_at` datetime(3),
	CONSTRAINT `meeting_times_meeting_id` PRIMARY KEY(`meeting_id`)
);
--> statement-breakpoint
CREATE TABLE `message_confirmations` (
	`message_id` bigint unsigned NOT NULL,
	`recipient_id` bigint unsigned NOT NULL,
	`escalate_to` bigint unsigned NOT NULL,
	`within_seconds` int unsigned NOT NULL,
	`state` enum('PENDING','CONFIRMED','REMINDED','ESCALATED') NOT NULL DEFAULT 'PENDING',
	`confirmed_at` datetime(3),
	`reminded_at` datetime(3),
	`escalated_at` datetime(3),
	CONSTRAINT `message_confirmations_message_id_recipient_id_pk` PRIMARY KEY(`message_id`,`recipient_id`)
);
--> statement-breakpoint
CREATE TABLE `message_renderings` (
	`message_id` bigint unsigned NOT NULL,
	`recipient_id` bigint unsigned NOT NULL,
	`template_id` bigint unsigned NOT NULL,
	`locale` varchar(35) NOT NULL,
	`text` mediumtext NOT NULL,
	CONSTRAINT `message_renderings_message_id_recipient_id_pk` PRIMARY KEY(`message_id`,`recipient_id`)
);
--> statement-breakpoint
CREATE TABLE `message_templates` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`name` varchar(100) NOT NULL,
	`variables` json NOT NULL,
	`texts` json NOT NULL,
	`updated_by` bigint unsigned NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `message_templates_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_templates_tenant_name` UNIQUE(`tenant_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `notification_fallbacks` (
	`user_id` bigint unsigned NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	`channel` enum('EMAIL','WEBHOOK') NOT NULL,
	`status` varchar(8) NOT NULL,
	`attempts` int unsigned NOT NULL,
	`last_error` varchar(500),
	`at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `notification_fallbacks_user_id_message_id_channel_pk` PRIMARY KEY(`user_id`,`message_id`,`channel`)
);
--> statement-breakpoint
CREATE TABLE `notification_holds` (
	`user_id` bigint unsigned NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	`seq` bigint unsigned NOT NULL,
	`held_until` datetime(3),
	`released_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `notification_holds_user_id_message_id_pk` PRIMARY KEY(`user_id`,`message_id`)
);
--> statement-breakpoint
CREATE TABLE `notification_jobs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`kind` enum('RELEASE','REMIND','ESCALATE','FALLBACK_EMAIL','FALLBACK_WEBHOOK') NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`message_id` bigint unsigned NOT NULL DEFAULT 0,
	`due_at` datetime(3) NOT NULL,
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`done_at` datetime(3),
	`last_error` varchar(500),
	CONSTRAINT `notification_jobs_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_jobs_subject` UNIQUE(`kind`,`user_id`,`message_id`)
);
--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`user_id` bigint unsigned NOT NULL,
	`time_zone` varchar(64) NOT NULL,
	`locale` varchar(35) NOT NULL,
	`quiet_hours` json NOT NULL,
	`urgent_bypasses_quiet_hours` boolean NOT NULL DEFAULT true,
	`hold_during_meetings` boolean NOT NULL DEFAULT false,
	`type_modes` json NOT NULL,
	`fallback_channels` json NOT NULL,
	`fallback_after_seconds` int unsigned NOT NULL,
	`fallback_email` varchar(320),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `notification_settings_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
CREATE INDEX `ix_holds_open` ON `notification_holds` (`user_id`,`released_at`,`seq`);--> statement-breakpoint
CREATE INDEX `ix_jobs_due` ON `notification_jobs` (`done_at`,`due_at`);