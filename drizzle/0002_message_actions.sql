CREATE TABLE `attachments` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`uploader_id` bigint unsigned NOT NULL,
	`storage_key` varchar(255) NOT NULL,
	`file_name` varchar(255) NOT NULL,
	`content_type` varchar(127) NOT NULL,
	`size_bytes` bigint unsigned NOT NULL,
	`sha256` varchar(64) NOT NULL,
	`width` int unsigned,
	`height` int unsigned,
	`thumbnail_key` varchar(255),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`attached_at` datetime(3),
	CONSTRAINT `attachments_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `message_attachments` (
	`message_id` bigint unsigned NOT NULL,
	`attachment_id` bigint unsigned NOT NULL,
	`position` int unsigned NOT NULL,
	CONSTRAINT `message_attachments_message_id_attachment_id_pk` PRIMARY KEY(`message_id`,`attachment_id`)
);
--> statement-breakpoint
ALTER TABLE `inbox_events` MODIFY COLUMN `kind` enum('MESSAGE','READ','RECALL','UPDATE') NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `forward_comment` mediumtext;--> statement-breakpoint
ALTER TABLE `messages` ADD `recalled_by` bigint unsigned;--> statement-breakpoint
ALTER TABLE `messages` ADD `link_previews` json;--> statement-breakpoint
CREATE INDEX `ix_attachments_unattached` ON `attachments` (`attached_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `ix_attachments_uploader` ON `attachments` (`uploader_id`,`id`);--> statement-breakpoint
CREATE INDEX `ix_message_attachments_attachment` ON `message_attachments` (`attachment_id`);