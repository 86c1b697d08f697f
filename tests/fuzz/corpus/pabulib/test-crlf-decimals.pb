META
key;value
num_projects;3
num_votes;3
budget;100.50
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
a1;50.25;First
b2;30;"Second; quoted"
c3;40;Third
VOTES
voter_id;vote
v1;a1,b2
v2;c3
v3;
