CREATE TABLE `meeting_participants` (
	`meeting_id` bigint unsigned NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meeting_participants_meeting_id_user_id_pk` PRIMARY KEY(`meeting_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`title` varchar(200) NOT NULL,
	`created_by` bigint unsigned NOT NULL,
	`transcript_seq` bigint unsigned NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meetings_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `transcript_segments` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`meeting_id` bigint unsigned NOT NULL,
	`seq` bigint unsigned NOT NULL,
	`speaker` varchar(128) NOT NULL,
	`text` mediumtext NOT NULL,
	`start_ms` int unsigned NOT NULL,
	`end_ms` int unsigned NOT NULL,
	`added_by` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `transcript_segments_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_segments_meeting_seq` UNIQUE(`meeting_id`,`seq`)
);
--> statement-breakpoint
CREATE TABLE `user_presence` (
	`user_id` bigint unsigned NOT NULL,
	`last_seen_at` datetime(3) NOT NULL,
	CONSTRAINT `user_presence_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
CREATE INDEX `ix_participants_user` ON `meeting_participants` (`user_id`,`meeting_id`);--> statement-breakpoint
CREATE INDEX `ix_meetings_tenant` ON `meetings` (`tenant_id`,`id`);