META
key;value
num_projects;3
num_votes;3
budget;100
vote_type;cumulative
rule;greedy
PROJECTS
project_id;cost;name
a1;50;First
b2;30;"Second; quoted"
c3;40;Third
VOTES
voter_id;vote;points
v1;a1,c3;7,3
v2;b2;10
v3;;
