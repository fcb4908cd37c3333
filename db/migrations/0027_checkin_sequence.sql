CREATE TABLE `checkin_sequence` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`issued` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `events` ADD `checkin_codes` text DEFAULT 'sequence' NOT NULL;--> statement-breakpoint
UPDATE `events` SET `checkin_codes` = 'random' WHERE EXISTS (SELECT 1 FROM `attendees` WHERE `attendees`.`event_id` = `events`.`id`);
--> statement-breakpoint
INSERT INTO `checkin_sequence` (`id`, `key`, `issued`) VALUES (1, lower(hex(randomblob(16))), 0);
