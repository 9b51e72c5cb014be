insert into customers select x, 'c' || x from system_range(1, 10);
insert into orders select x, 1 + mod(x, 10) from system_range(1, 30);
insert into audit_log select x, 'a' || x from system_range(1, 5);
