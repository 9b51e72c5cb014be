create table customers (id int primary key, name varchar(40));
create table orders (id int primary key, customer_id int not null references customers (id) on delete cascade);
create table audit_log (id int primary key, what varchar(40));
