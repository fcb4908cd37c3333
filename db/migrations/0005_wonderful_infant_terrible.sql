-- Each response's answers become one JSON object on its own row (question id → the stored JSON value),
-- with the "Otra" free texts in a second object that stays null when there are none. The data moves
-- before form_answers is dropped, in the same migration.
ALTER TABLE `form_responses` ADD `answers` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `form_responses` ADD `others` text;--> statement-breakpoint
UPDATE `form_responses` SET
	`answers` = (SELECT json_group_object(a.`question_id`, json(a.`value`)) FROM `form_answers` a WHERE a.`response_id` = `form_responses`.`id`),
	`others` = (SELECT nullif(json_group_object(a.`question_id`, a.`other`), '{}') FROM `form_answers` a WHERE a.`response_id` = `form_responses`.`id` AND a.`other` IS NOT NULL);--> statement-breakpoint
DROP TABLE `form_answers`;
