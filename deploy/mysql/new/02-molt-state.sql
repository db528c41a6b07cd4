-- The gateway replicas' shared cutover state (docker-compose.yml's gateway-1 and gateway-2): stage,
-- epoch, history, guard clocks, the transition lock, each replica's lease and the consistency token
-- key, in tables molt_gateway_* that the gateway creates where absent. A schema of its own on the NEW
-- server, so that nothing of the shop's schema or its accounts changes. Password for a local stack only.

CREATE DATABASE molt_state CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE USER 'molt_state'@'%' IDENTIFIED BY 'molt_state_pw';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON molt_state.* TO 'molt_state'@'%';
