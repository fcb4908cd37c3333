ALTER TABLE `attendees` ADD `anonymized_at` text;--> statement-breakpoint
ALTER TABLE `events` ADD `closed_at` text;--> statement-breakpoint
-- Events closed before the column existed: their last change is the latest the close can have been, so a
-- retention period counted from it never ends early. Written by hand: drizzle-kit writes no data.
UPDATE `events` SET `closed_at` = coalesce(`updated_at`, `created_at`) WHERE `status` = 'closed';
