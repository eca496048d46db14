CREATE TABLE `search_terms` (
	`owner_id` bigint unsigned NOT NULL,
	`term` varbinary(128) NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	CONSTRAINT `search_terms_owner_id_term_message_id_pk` PRIMARY KEY(`owner_id`,`term`,`message_id`)
);
