-- A registration's person key names the document's kind beside its number (personKey,
-- server/services/attendance-counters.ts): a foreigner's CE and a Colombian's CC may carry the same
-- digits and are two people. The CC, TI, RC and NUIP are one kind, the civil registry's number that a
-- Colombian keeps for life. Written by hand: drizzle-kit writes no data. Keys only get finer, so no two
-- rows of an event can meet on one.
UPDATE `attendees` SET `person_key` = 'doc:' || CASE
    WHEN `document_type` IN ('CE', 'PA', 'PEP', 'PPT', 'CI', 'DNI', 'OTRO') THEN `document_type`
    ELSE 'CO'
  END || ':' || substr(`person_key`, 5)
WHERE `person_key` LIKE 'doc:%';
