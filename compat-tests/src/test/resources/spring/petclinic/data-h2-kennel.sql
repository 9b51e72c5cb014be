-- A large customer on top of data-h2.sql: owner 'Kennel' with 400 dogs and 3 visits each
-- (1 + 400 + 1,200 = 1,601 rows, so the visits table holds 1,204 rows: more than guard.confirmAbove's 1,000).
INSERT INTO owners VALUES (default, 'Bulk', 'Kennel', '1 Kennel Road', 'Madison', '6085550000');
INSERT INTO pets (name, birth_date, type_id, owner_id)
  SELECT 'Puppy ' || x, DATE '2020-01-01', 2, (SELECT id FROM owners WHERE last_name = 'Kennel')
  FROM SYSTEM_RANGE(1, 400);
INSERT INTO visits (pet_id, visit_date, description)
  SELECT p.id, DATEADD('DAY', r.x, DATE '2024-01-01'), 'checkup ' || r.x
  FROM pets p CROSS JOIN SYSTEM_RANGE(1, 3) r
  WHERE p.owner_id = (SELECT id FROM owners WHERE last_name = 'Kennel');
