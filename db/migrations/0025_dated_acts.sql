ALTER TABLE `questions` ADD `answered_on` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `forwarded_on` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `received_on` text;