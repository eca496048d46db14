CREATE TABLE `inbox_events` (
	`user_id` bigint unsigned NOT NULL,
	`seq` bigint unsigned NOT NULL,
	`kind` enum('MESSAGE','READ','RECALL') NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `inbox_events_user_id_seq_pk` PRIMARY KEY(`user_id`,`seq`)
);
--> statement-breakpoint
CREATE TABLE `message_recipients` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	`recipient_id` bigint unsigned NOT NULL,
	`seq` bigint unsigned NOT NULL,
	`is_read` boolean NOT NULL DEFAULT false,
	`read_at` datetime(3),
	`delivered_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `message_recipients_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_recipients_message_recipient` UNIQUE(`message_id`,`recipient_id`),
	CONSTRAINT `uq_recipients_recipient_seq` UNIQUE(`recipient_id`,`seq`)
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`sender_id` bigint unsigned NOT NULL,
	`type` enum('TEXT','SYSTEM','MEETING_INVITE','MEETING_SUMMARY','REMINDER') NOT NULL DEFAULT 'TEXT',
	`priority` enum('URGENT','NORMAL','LOW') NOT NULL DEFAULT 'NORMAL',
	`content` mediumtext NOT NULL,
	`attachments` json,
	`reply_to_id` bigint unsigned,
	`forwarded_from_id` bigint unsigned,
	`meeting_id` bigint unsigned,
	`client_message_id` varchar(128),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`recalled_at` datetime(3),
	CONSTRAINT `messages_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_messages_sender_client_id` UNIQUE(`sender_id`,`client_message_id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`username` varchar(64) NOT NULL,
	`display_name` varchar(128) NOT NULL,
	`password_hash` varchar(255),
	`role` enum('user','service','admin') NOT NULL DEFAULT 'user',
	`settings` json,
	`inbox_seq` bigint unsigned NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_users_tenant_username` UNIQUE(`tenant_id`,`username`)
);
--> statement-breakpoint
CREATE INDEX `ix_recipients_recipient_read` ON `message_recipients` (`recipient_id`,`is_read`);--> statement-breakpoint
CREATE INDEX `ix_recipients_message` ON `message_recipients` (`message_id`);--> statement-breakpoint
CREATE INDEX `ix_messages_sender` ON `messages` (`sender_id`,`id`);