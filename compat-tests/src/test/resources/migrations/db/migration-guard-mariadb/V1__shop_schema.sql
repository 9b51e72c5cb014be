-- CascadeGuard compat test: a shop whose deletes cascade (customers -> orders -> order_items)
CREATE TABLE customers (
    id   INT PRIMARY KEY,
    name VARCHAR(100) NOT NULL
) ENGINE = InnoDB;
CREATE TABLE orders (
    id          INT PRIMARY KEY,
    customer_id INT NOT NULL,
    placed      DATE,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
) ENGINE = InnoDB;
CREATE TABLE order_items (
    id       INT PRIMARY KEY,
    order_id INT NOT NULL,
    sku      VARCHAR(20),
    CONSTRAINT order_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE = InnoDB;
CREATE INDEX order_items_sku ON order_items (sku);
CREATE VIEW customer_orders AS
    SELECT c.id, c.name, COUNT(o.id) AS order_count
    FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
    GROUP BY c.id, c.name;
CREATE SEQUENCE invoice_numbers START WITH 1000;
