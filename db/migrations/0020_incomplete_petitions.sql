ALTER TABLE `questions` ADD `completion_requested_on` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `completion_request` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `completion_deadline` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `completed_on` text;