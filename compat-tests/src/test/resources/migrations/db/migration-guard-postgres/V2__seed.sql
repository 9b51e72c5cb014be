-- 1,200 customers, 1,200 orders, 2,400 order items: every table holds more than guard.confirmAbove (1,000) rows
INSERT INTO customers (id, name) SELECT g, 'customer ' || g FROM generate_series(1, 1200) g;
INSERT INTO orders (id, customer_id, placed) SELECT g, g, DATE '2024-01-01' FROM generate_series(1, 1200) g;
INSERT INTO order_items (id, order_id, sku) SELECT g, (g + 1) / 2, 'sku-' || g FROM generate_series(1, 2400) g;
