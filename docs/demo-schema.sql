-- The demo's schema and rows (examples/.../DemoDatabase.java) for H2, for the pictures in README.md:
-- organizations -> users -> orders -> order_items and invoices, every foreign key ON DELETE CASCADE.
-- 'test-org' has 40 users x 40 orders x (4 items + 1 invoice); 'acme' 12 x 25 x 3; 'globex' 5 x 10 x 2.
-- Used as: jdbc:h2:mem:demo;INIT=RUNSCRIPT FROM 'docs/demo-schema.sql'  (README.md, section Pictures)
CREATE TABLE organizations (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE);
CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE);
CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2) NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE);
CREATE TABLE order_items (id BIGINT PRIMARY KEY, sku VARCHAR(20) NOT NULL, quantity INT NOT NULL,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE);
CREATE TABLE invoices (id BIGINT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE);
CREATE INDEX users_org ON users(org_id);
CREATE INDEX orders_user ON orders(user_id);
CREATE INDEX order_items_order ON order_items(order_id);
CREATE INDEX invoices_order ON invoices(order_id);

INSERT INTO organizations VALUES (1, 'test-org'), (2, 'acme'), (3, 'globex');
-- users: org 1 ids 1-40, org 2 ids 41-52, org 3 ids 53-57
INSERT INTO users SELECT x, 'u' || x || '@example.com', CASE WHEN x <= 40 THEN 1 WHEN x <= 52 THEN 2 ELSE 3 END
    FROM SYSTEM_RANGE(1, 57);
-- orders: 40 per test-org user, 25 per acme user, 10 per globex user
INSERT INTO orders SELECT (u.id - 1) * 40 + n.x, 10.00, u.id FROM users u, SYSTEM_RANGE(1, 40) n
    WHERE n.x <= CASE WHEN u.org_id = 1 THEN 40 WHEN u.org_id = 2 THEN 25 ELSE 10 END;
-- items: 4 per test-org order, 3 per acme order, 2 per globex order; one invoice per order
INSERT INTO order_items SELECT o.id * 4 + n.x, 'SKU-' || n.x, 1, o.id FROM orders o
    JOIN users u ON u.id = o.user_id, SYSTEM_RANGE(0, 3) n
    WHERE n.x < CASE WHEN u.org_id = 1 THEN 4 WHEN u.org_id = 2 THEN 3 ELSE 2 END;
INSERT INTO invoices SELECT id, total, id FROM orders;
