CREATE TABLE `message_tags` (
	`user_id` bigint unsigned NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	`tag_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `message_tags_user_id_message_id_tag_id_pk` PRIMARY KEY(`user_id`,`message_id`,`tag_id`)
);
--> statement-breakpoint
CREATE TABLE `user_tags` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`name` varchar(64) NOT NULL,
	`color` varchar(7) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `user_tags_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_user_tags_user_name` UNIQUE(`user_id`,`name`)
);
--> statement-breakpoint
ALTER TABLE `inbox_events` MODIFY COLUMN `kind` enum('MESSAGE','READ','RECALL','UPDATE','LABELS','TAG') NOT NULL;--> statement-breakpoint
ALTER TABLE `inbox_events` ADD `tag_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `message_recipients` ADD `starred_at` datetime(3);--> statement-breakpoint
ALTER TABLE `message_recipients` ADD `archived_at` datetime(3);--> statement-breakpoint
CREATE INDEX `ix_message_tags_tag` ON `message_tags` (`user_id`,`tag_id`,`message_id`);