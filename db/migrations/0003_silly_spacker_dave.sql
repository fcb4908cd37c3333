CREATE TABLE `attendance_counters` (
	`event_id` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`label` text,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`event_id`, `dimension`, `value`)
);
--> statement-breakpoint
CREATE TABLE `attendees` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`person_key` text,
	`name` text NOT NULL,
	`document_type` text,
	`document_number` text,
	`email` text,
	`phone` text,
	`gender` text,
	`age_range` text,
	`occupation` text,
	`education` text,
	`population_groups` text,
	`territory` text,
	`channel` text,
	`link_channel` text,
	`source` text DEFAULT 'form' NOT NULL,
	`token_hash` text NOT NULL,
	`token_sealed` text,
	`checkin_code` text NOT NULL,
	`checked_in_at` text,
	`checked_in_by` text,
	`consent` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_person_uq` ON `attendees` (`event_id`,`person_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_token_uq` ON `attendees` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_checkin_uq` ON `attendees` (`event_id`,`checkin_code`);--> statement-breakpoint
CREATE INDEX `attendees_event_idx` ON `attendees` (`event_id`,`id`);--> statement-breakpoint
CREATE TABLE `form_answers` (
	`response_id` text NOT NULL,
	`form_id` text NOT NULL,
	`question_id` text NOT NULL,
	`value` text NOT NULL,
	`other` text,
	PRIMARY KEY(`response_id`, `question_id`)
);
--> statement-breakpoint
CREATE INDEX `form_answers_question_idx` ON `form_answers` (`form_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `form_counters` (
	`form_id` text NOT NULL,
	`question_id` text NOT NULL,
	`value` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`form_id`, `question_id`, `value`)
);
--> statement-breakpoint
CREATE TABLE `form_respondents` (
	`key_hash` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `form_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`form_id` text NOT NULL,
	`event_id` text NOT NULL,
	`submitted_at` text NOT NULL,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `form_responses_form_idx` ON `form_responses` (`form_id`,`id`);--> statement-breakpoint
CREATE TABLE `form_texts` (
	`event_id` text NOT NULL,
	`form_key` text NOT NULL,
	`question_id` text NOT NULL,
	`norm` text NOT NULL,
	`text` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`event_id`, `form_key`, `question_id`, `norm`)
);
--> statement-breakpoint
CREATE INDEX `form_texts_top_idx` ON `form_texts` (`event_id`,`form_key`,`question_id`,`count`);--> statement-breakpoint
CREATE TABLE `forms` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`current` integer DEFAULT true NOT NULL,
	`definition` text NOT NULL,
	`open` integer DEFAULT true NOT NULL,
	`embargo_until` text,
	`created_at` text NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `forms_version_uq` ON `forms` (`event_id`,`key`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `forms_current_uq` ON `forms` (`event_id`,`key`) WHERE "current" = 1;