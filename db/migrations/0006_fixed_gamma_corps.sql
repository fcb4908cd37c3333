CREATE TABLE `calendar_days` (
	`country` text NOT NULL,
	`entity_id` text DEFAULT '' NOT NULL,
	`date` text NOT NULL,
	`rest` integer NOT NULL,
	`source` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`country`, `entity_id`, `date`)
);
--> statement-breakpoint
CREATE TABLE `calendar_versions` (
	`country` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
