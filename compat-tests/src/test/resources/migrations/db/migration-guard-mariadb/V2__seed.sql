-- 1,200 customers, 1,200 orders, 2,400 order items: every table holds more than guard.confirmAbove (1,000) rows
-- (seq_1_to_N: MariaDB's built-in Sequence storage engine)
INSERT INTO customers (id, name) SELECT seq, CONCAT('customer ', seq) FROM seq_1_to_1200;
INSERT INTO orders (id, customer_id, placed) SELECT seq, seq, DATE '2024-01-01' FROM seq_1_to_1200;
INSERT INTO order_items (id, order_id, sku) SELECT seq, (seq + 1) DIV 2, CONCAT('sku-', seq) FROM seq_1_to_2400;
