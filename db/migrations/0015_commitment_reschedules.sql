ALTER TABLE `commitment_follow_ups` ADD `due_before` text;--> statement-breakpoint
ALTER TABLE `commitment_follow_ups` ADD `due_after` text;