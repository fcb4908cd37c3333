ALTER TABLE `questions` ADD `continued_ex_officio_at` text;--> statement-breakpoint
-- Petitions the entity continued ex officio before the column existed: when it last did, from the audit
-- entry written in the continuation's commit, with the withdrawal or after it. Written by hand: drizzle-kit
-- writes no data.
UPDATE `questions` SET `continued_ex_officio_at` = (
  SELECT a.`at` FROM `audit_log` a WHERE a.`subject_type` = 'question' AND a.`subject_id` = `questions`.`id`
    AND a.`action` = 'question.continued_ex_officio'
  ORDER BY a.`seq` DESC LIMIT 1
) WHERE `id` IN (
  SELECT `subject_id` FROM `audit_log` WHERE `subject_type` = 'question'
    AND `action` = 'question.continued_ex_officio'
);
