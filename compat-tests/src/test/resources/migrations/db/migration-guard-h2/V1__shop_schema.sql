-- CascadeGuard compat test: a shop whose deletes cascade (customers -> orders -> order_items)
CREATE TABLE customers (
    id   INT PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
CREATE TABLE orders (
    id          INT PRIMARY KEY,
    customer_id INT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    placed      DATE
);
CREATE TABLE order_items (
    id       INT PRIMARY KEY,
    order_id INT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku      VARCHAR(20)
);
CREATE INDEX order_items_order ON order_items (order_id);
CREATE VIEW customer_orders AS
    SELECT c.id, c.name, COUNT(o.id) AS order_count
    FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
    GROUP BY c.id, c.name;
CREATE SEQUENCE invoice_numbers START WITH 1000;
