CREATE TABLE `api_keys` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`name` varchar(64) NOT NULL,
	`secret_hash` varchar(64) NOT NULL,
	`scopes` json NOT NULL,
	`allowed_ips` json,
	`created_by` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `external_identities` (
	`issuer` varchar(255) NOT NULL,
	`subject` varchar(255) NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `external_identities_issuer_subject_pk` PRIMARY KEY(`issuer`,`subject`),
	CONSTRAINT `uq_external_identities_user` UNIQUE(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`family_id` varchar(32) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	`revoked_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `refresh_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_refresh_tokens_hash` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `tenant_invitations` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`tenant_id` varchar(64) NOT NULL,
	`code_hash` varchar(64) NOT NULL,
	`role` enum('user','service','admin') NOT NULL DEFAULT 'user',
	`created_by` bigint unsigned,
	`expires_at` datetime(3) NOT NULL,
	`used_by` bigint unsigned,
	`used_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `tenant_invitations_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_tenant_invitations_code` UNIQUE(`code_hash`)
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` varchar(64) NOT NULL,
	`open_signup` boolean NOT NULL DEFAULT false,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `tenants_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `ix_api_keys_tenant` ON `api_keys` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `ix_refresh_tokens_family` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `ix_refresh_tokens_user` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `ix_tenant_invitations_tenant` ON `tenant_invitations` (`tenant_id`,`id`);--> statement-breakpoint
INSERT INTO `tenants` (`id`, `open_signup`) SELECT DISTINCT `tenant_id`, false FROM `users`;