CREATE TABLE `commitment_follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`commitment_id` text NOT NULL,
	`date` text NOT NULL,
	`note` text NOT NULL,
	`progress` integer,
	`status` text,
	`author` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commitment_follow_ups_idx` ON `commitment_follow_ups` (`commitment_id`,`date`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`question_id` text,
	`description` text NOT NULL,
	`area_key` text NOT NULL,
	`responsible` text,
	`activity` text,
	`axis` text,
	`origin` text NOT NULL,
	`observation` text,
	`contribution` text,
	`due_date` text,
	`due_month` text,
	`status` text DEFAULT 'pendiente' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commitments_event_idx` ON `commitments` (`event_id`,`axis`);--> statement-breakpoint
CREATE INDEX `commitments_question_idx` ON `commitments` (`question_id`);--> statement-breakpoint
CREATE TABLE `question_votes` (
	`question_id` text NOT NULL,
	`voter_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`question_id`, `voter_key`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`radicado` text NOT NULL,
	`type` text NOT NULL,
	`term_days` integer NOT NULL,
	`text` text NOT NULL,
	`display_text` text,
	`reasons` text,
	`annexes` text DEFAULT '[]' NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`identity_reserve` integer DEFAULT false NOT NULL,
	`name` text,
	`email` text,
	`phone` text,
	`document_type` text,
	`document_number` text,
	`address` text,
	`channel` text NOT NULL,
	`received_by` text NOT NULL,
	`area_key` text,
	`status` text DEFAULT 'received' NOT NULL,
	`status_reason` text,
	`answer` text,
	`answered_at` text,
	`answered_by` text,
	`answer_published` integer DEFAULT false NOT NULL,
	`forwarded_to` text,
	`extension_notice_date` text,
	`extended_due_date` text,
	`pinned` integer DEFAULT false NOT NULL,
	`merged_into` text,
	`votes` integer DEFAULT 0 NOT NULL,
	`received_at` text NOT NULL,
	`due_date` text NOT NULL,
	`approved_at` text,
	`receipt_token` text NOT NULL,
	`constancia` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entity_id`) REFERENCES `entities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `questions_radicado_uq` ON `questions` (`radicado`);--> statement-breakpoint
CREATE UNIQUE INDEX `questions_series_uq` ON `questions` (`entity_id`,`year`,`seq`);--> statement-breakpoint
CREATE INDEX `questions_event_idx` ON `questions` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `questions_merged_idx` ON `questions` (`merged_into`);--> statement-breakpoint
CREATE UNIQUE INDEX `questions_pinned_uq` ON `questions` (`event_id`) WHERE pinned = 1;--> statement-breakpoint
CREATE TABLE `radicado_series` (
	`entity_id` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`entity_id`, `year`),
	FOREIGN KEY (`entity_id`) REFERENCES `entities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`at` text NOT NULL,
	`status` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery_idx` ON `webhook_attempts` (`delivery_id`,`at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_until` text,
	`last_status` integer,
	`last_error` text,
	`delivered_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`entity_id` text,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`description` text,
	`event_types` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`entity_id`) REFERENCES `entities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_entity_idx` ON `webhook_endpoints` (`entity_id`);