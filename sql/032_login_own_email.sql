-- Issue 20: a password-reset link goes only to the login's own address. Until now an owner login
-- without one used its account's (COALESCE(l.email, a.email)), which a staff login could set
-- through usrparam. Owner logins take their account's address as their own, once; from now on
-- the account store writes it with the owner login and moves it with the account's address.
-- Own client accounts' logins (no password, reached through su) keep none.
UPDATE login l JOIN account a ON a.id = l.account_id
   SET l.email = a.email
 WHERE l.is_owner = 1 AND l.email = '' AND a.own_client = 0;
