ALTER TABLE `questions` ADD `desisted_from` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `desisted_from_reason` text;--> statement-breakpoint
-- Petitions withdrawn by their petitioner before these columns existed: the status they had, from the audit
-- entry of the withdrawal (written in its commit), and that status's reason where it has one: an
-- extension's, as the constancia keeps it; a hidden question's, from the audit entry that hid it. Written
-- by hand: drizzle-kit writes no data.
UPDATE `questions` SET `desisted_from` = (
  SELECT json_extract(a.`data`, '$.from') FROM `audit_log` a WHERE a.`subject_type` = 'question'
    AND a.`subject_id` = `questions`.`id` AND a.`action` = 'question.status'
    AND json_extract(a.`data`, '$.to') = 'desisted'
  ORDER BY a.`seq` DESC LIMIT 1
) WHERE `status` = 'desisted';--> statement-breakpoint
UPDATE `questions` SET `desisted_from_reason` = coalesce(
  CASE WHEN `desisted_from` = 'extended' THEN json_extract(`constancia`, '$.extension.reason') END,
  (SELECT json_extract(a.`data`, '$.reason') FROM `audit_log` a WHERE a.`subject_type` = 'question'
    AND a.`subject_id` = `questions`.`id` AND a.`action` = 'question.status'
    AND json_extract(a.`data`, '$.to') = `questions`.`desisted_from`
  ORDER BY a.`seq` DESC LIMIT 1)
) WHERE `status` = 'desisted' AND `desisted_from` IN ('hidden', 'extended');
