CREATE TABLE `cluster_leases` (
	`name` varchar(64) NOT NULL,
	`holder` varchar(128) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `cluster_leases_name` PRIMARY KEY(`name`)
);
