ALTER TABLE `events` ADD `stored_keys` text DEFAULT 'ordered' NOT NULL;--> statement-breakpoint
-- Events with registrations, registration keys (a registration erased keeps its key) or survey respondents
-- keep their keys as before, each as its hash alone: a retry, or a respondent answering again, must find
-- its key as it was kept.
UPDATE `events` SET `stored_keys` = 'hashed' WHERE EXISTS (SELECT 1 FROM `attendees` WHERE `attendees`.`event_id` = `events`.`id`) OR EXISTS (SELECT 1 FROM `idempotency_keys` WHERE `idempotency_keys`.`scope` = 'attendance:' || `events`.`slug`) OR EXISTS (SELECT 1 FROM `form_respondents` WHERE `form_respondents`.`event_id` = `events`.`id`);
