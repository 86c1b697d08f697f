META
key;value
description;Municipal PB in Warszawa
country;Poland
unit;Warszawa
instance;2026
num_projects;83
num_votes;61668
budget;24186815
vote_type;approval
rule;greedy-threshold
date_begin;01.06.2025
date_end;15.06.2025
max_length;5
min_project_score_threshold;3000
edition;12
language;pl
currency;PLN
comment;#1: The metadata regarding the age of voters shows very low values (starting from zero), indicating that one doesn't need to be an adult to vote: If a voter is under 13, they can vote with the consent of a parent or guardian. Hence, for example, age 0 likely corresponds to cases where parents/guardians are voting on behalf of their children.
PROJECTS
project_id;cost;votes;name;category;selected;latitude;longitude
214;4800000;14126;Zakup niezbędnego sprzętu medycznego dla miejskich szpitali;health and welfare;1;52.230525518815675;21.009522160953203
1109;1200000;12500;Tramwaj wodny wzdłuż Wisły;sport and recreation;1;52.242188962977785;21.03087902069092
93;2325000;10720;2050 drzew i krzewów dla Warszawy (kontynuacja);nature and greenery;1;;
915;2493800;10109;Silne umysły, silne społeczeństwo - bezpłatne wsparcie psychologiczno-pedagogiczne dla mieszkańców Warszawy;health and welfare;1;;
1952;419520;10003;AED-y dla Warszawy;health and welfare;1;52.24031550164966;21.010625955283146
800;812600;9417;Łąki kwietne dla Warszawy;nature and greenery;1;52.248720370211615;20.97076535224915
1401;720700;9104;Darmowa pomoc psychologiczna w każdej dzielnicy;health and welfare;1;;
1348;4837363;8897;Zadbajmy o zieleń w prawobrzeżnej części Warszawy;nature and greenery;1;52.26729132601705;21.02240324020386
1273;210000;7979;Poidełka na ulicach i placach Warszawy.;sport and recreation;1;52.27986327455095;21.053484678268436
1734;201600;7891;Zazielenianie ekranów akustycznych;nature and greenery;1;52.22312339735686;21.051169931888584
322;2293000;7338;Zielone skwery Warszawy;nature and greenery;1;52.21621823906755;20.9874722956738
711;2992000;7038;Służewiec - Służew - Ursynów : remont szlaków rowerowych i pieszych wzdłuż Doliny Służewieckiej oraz Wołoskiej;public transit and roads;1;52.172143560399014;21.02484109433157
1114;700000;6811;Nowa Tęcza na Placu Zbawiciela;community building;1;52.21992370904954;21.018100976943973
1405;3089220;6505;2999 drzew w Warszawie;nature and greenery;0;;
644;60000;5969;Pomoc dla kotów wolno żyjących Warszawie;environmental protection;1;52.26091446666666;21.02506629521736
278;38000;5382;Kurs Samoobrony - Kobieta Bezpieczna;sport and recreation;1;;
1945;43420;5335;Toalety w Centrum;environmental protection;1;52.21758111572163;20.998626064537497
922;446932;5287;Darmowe podpaski w szkołach;health and welfare;0;;
79;2756000;5098;Naturalne place zabaw w całej Warszawie;sport and recreation;0;52.22903063257366;21.04107274567474
149;600000;4862;Leśne sprawy Warszawy - remont i nowe urządzenia w miejskich lasach;nature and greenery;0;52.26924716690858;21.043760204952253
795;252000;4828;Wygodne i bezpieczne przejazdy rowerowe na ul. Czerniakowskiej;public transit and roads;0;52.21598836156996;21.046375764859604
2199;130000;4693;Chronimy ptaki warszawskich parków – skrzynki lęgowe;environmental protection;0;;
343;1460000;4643;Rowerem dwukierunkowo po całej Warszawie;public transit and roads;0;52.23614617678588;21.066182330337462
1932;764025;4594;Warszawski balon – podniebna atrakcja i edukacja lotnicza dla mieszkańców;sport and recreation;0;;
1346;4837363;4580;Zadbajmy o zieleń w lewobrzeżnej części Warszawy;nature and greenery;0;52.211496959657566;21.02319717407227
82;4500000;4429;Wygrajmy to jeszcze raz - dokończenie rowerowych projektów wybranych w poprzednich latach;public transit and roads;0;52.236382166666665;21.024869933333335
732;1335000;4340;Wygrajmy z hejtem! (PGR 2.0);education and science;0;;
1703;2469100;4270;Nie jesteś sam/-a - pierwsza pomoc psychologiczna dla dzieci i młodzieży. Zróbmy to po raz trzeci!;health and welfare;0;;
1403;3325000;4244;Nowoczesne edukacyjne place zabaw w Warszawie;sport and recreation;0;52.233717614759776;21.02240636957553
1794;537750;3490;Zielona Warszawa;nature and greenery;0;52.22960078974412;20.98203589088135
846;3647300;3384;Asfaltowe nowe drogi rowerowe - remonty al. Witosa i Fieldorfa, budowa drogi dla rowerów na Światowida;public transit and roads;0;52.249677050769854;21.02747888266661
1227;24000;3251;Nie taki okres straszny! Program edukacji zdrowotnej dla nastolatek - spotkania z położną;health and welfare;1;;
1947;1700000;3195;„Offline dla zdrowia” – kampania edukacyjna o odpowiedzialnym korzystaniu ze smartfonów;health and welfare;0;;
844;4614400;3118;Rowerem wte i wewte - nowe i wygodne drogi dla rowerów, remonty na Trasie Siekierkowskiej, budowa na Sokołowskiego;public transit and roads;0;52.20863088478321;21.037055757101694
1222;19200;3029;Kobieto badaj się! Program edukacyjny dla kobiet – spotkania z położną;health and welfare;0;;
1310;127000;2995;Warszawskie Syrenki;community building;0;52.30454971972267;20.942107919826306
1158;3709750;2979;Boiska piłkarskie Warszawy -zadaszenie boiska w dzielnicy Białołęka i modernizacja boiska w dzielnicy Targówek;sport and recreation;0;52.30228446960727;20.987952982940264
1926;635880;2944;Odporni na hejt i przemoc. Warsztaty i zajęcia dla dzieci i młodzieży.;education and science;0;;
1397;2340800;2923;Remont dróg rowerowych przy ul. Rzymowskiego, Świętojerskiej i al. Jana Pawła II;public transit and roads;0;52.22809353377179;20.99557757377625
83;818000;2839;38 nowych ławek dla Warszawy oraz remont i konserwacja 333 istniejących ławek;public transit and roads;0;52.22826600465829;20.995591878890995
1753;160500;2839;Monitoring miejski w nowych lokalizacjach;;0;52.24835073043574;21.07097192215983
1822;1687800;2810;Spójna sieć dróg rowerowych w Warszawie — ul. Rosoła i łączniki przy Polu Mokotowskim;public transit and roads;0;52.185209287783024;21.024160258554197
38;517000;2556;Bądź gotów zanim zawyją syreny - ogólnodostępne wykłady i poradnik jak przygotować siebie i rodzinę na kryzys;;0;;
855;130000;2461;Bio-torebki na Bio-odpady;environmental protection;0;52.244684175;21.00652479282604
113;950700;2402;Bezpłatna pomoc psychologiczna dla mieszkańców Warszawy ze szczególnym uwzględnieniem wsparcia psychologicznego dla chłopców i mężczyzn;health and welfare;0;;
1521;24600;2300;Uzupełnienie stojaków rowerowych na Białołęce, w Śródmieściu, Mokotowie i Wawrze;sport and recreation;0;52.22875935576414;21.05322839188757
802;165000;2254;Wiaty rowerowe dla Wawra i Pragi Południe do bezpiecznego przechowywania rowerów;public transit and roads;0;52.19578069369083;21.16007941688125
1458;350000;2010;15 ławek warszawskich z zielenią;community building;0;52.21249930490355;21.171155252170358
457;4800000;1914;Nowe Zielone Skwery Warszawy na Woli i Mokotowie;nature and greenery;0;52.208170151714995;20.982529520988468
1375;155600;1914;Ruch to zdrowe ciało i zdrowy duch;sport and recreation;0;;
89;194960;1895;Bezpłatne spływy kajakowe po Wiśle - Wawer 2026;sport and recreation;0;52.17139990008926;21.13976061344147
99;4190000;1863;Parki miejskie dzieciom - otulone zielenią nowoczesne i naturalne place zabaw w parkach Arkadia, Skaryszewskim i na Skwerze Ormiańskim;sport and recreation;0;52.20491433054494;21.05195760726929
1844;1980000;1529;Strefy Tempo 30 w Warszawie;public transit and roads;0;52.227216194117645;21.034035235294116
1008;148400;1453;Infrastruktura bezpieczeństwa nad wodą: Stojaki z defiblyratorem AED i kołem ratunkowym;health and welfare;0;52.239622314694834;21.03247859261253
932;190000;1414;Poprawa infrastruktury rowerowej przy stacjach metra linii M1 - wiaty rowerowe oraz stacje napraw;public transit and roads;0;52.19813718601054;21.01788461208344
1832;1500000;1283;Ekspertyza przyrodnicza Lasu Bemowskiego – część 1;nature and greenery;0;52.26631727385044;20.875390597752165
1664;14000;1221;Tablice informacyjne na temat zagrożeń związanych z rozrzucaniem resztek jedzenia na trawnikach;environmental protection;0;;
1989;275000;1198;Ogrodzenie ciągu pieszo - rowerowego od ulicy wzdłuż ulicy Górczewskiej na wiadukcie kolejowym;public transit and roads;0;52.240678014651635;20.92642289020482
1473;1000000;1187;Igrzyska Młodych Talentów 2026 - Olimpiada dzieci i młodzieży;sport and recreation;0;52.23451388540485;21.017120021398814
1214;20000;1118;Jestem w ciąży, co dalej? Plan opieki przedporodowej - spotkania z położną;health and welfare;0;;
1622;2412000;1025;Przygotowanie do egzaminu ośmioklasisty;education and science;0;52.24339416;20.983274496514127
1190;1055000;995;MMS - Młodzieżowe Miejsce Spotkań;community building;0;52.22800447793213;21.12707376480103
1992;588000;994;CyberSenior;;0;;
234;1314000;993;Nowoczesna siłownia ze zmiennym obciążeniem w dzielnicach Mokotów i Praga-Południe;sport and recreation;0;52.219829721988326;21.048544058829833
1961;3485000;977;Akcja rozdawania zestawów do RKO (maseczki, rękawiczki) przez Straż Miejską m.st. Warszawy;health and welfare;0;52.230669353169;21.0372398306615
1425;177000;954;Pomoc specjalistyczna dla spokrewnionych rodzin zastępczych;health and welfare;0;;
1291;90000;873;Mobilny Warsztat Rowerowy;education and science;0;52.23146042342656;21.007042352053798
103;1990000;823;Warsztaty efektywnego uczenia się oraz komunikacji dla uczniów;education and science;0;;
2067;70000;801;LEŚNE WYCIECZKI - Centrum Promocji Natury;sport and recreation;0;52.22250044433435;21.067042350769047
1454;64152;791;Rodzinne pokazy naukowe w Ośrodkach Kultury (Bielany, Mokotów, Śródmieście);education and science;0;52.23316698333334;20.988982847323552
1510;180000;736;Bezpłatne warsztaty naukowe w Bibliotekach (Praga Południe, Wola);education and science;0;52.2333929;21.063519905504553
1876;257920;609;Praska Akademia Seniora;sport and recreation;0;52.24514970347668;21.056995605527703
1499;48500;555;15 zadaszonych koszy;environmental protection;0;52.200133234946655;21.178654980057424
1903;92720;553;Twórczość, zmiana i ruch 3x Cykl Warsztatów Teatralno-Rozwojowych (Ursynów, Mokotów);culture;0;52.16447965;21.0350509
2182;318400;483;Ćwicz z gwiazdą - sport dla wszystkich warszawiaków;sport and recreation;0;52.24337810342551;21.00211501121521
1589;350000;401;Daszyński+ czyli odświeżenie otoczenia pomnika Ignacego Daszyńskiego i tablica pamiątkowo-informacyjna na Stacji Metra Rondo Daszyńskiego;culture;0;52.22430597493318;21.004326682806397
557;3376400;369;Myśli i emocje na start - zdrowie psychiczne młodych sportowców;health and welfare;0;;
361;19992;362;Warszawa pełna skarbów - warsztaty dla odkrywców;sport and recreation;0;52.210944847732094;20.921527147293094
1652;37000;344;3 zielone hamaki;nature and greenery;0;52.21608757530941;21.1819463968277
1208;20000;343;Planowanie ciąży – zadbaj o siebie zanim zostaniesz mamą. Spotkania z położną;health and welfare;0;;
1786;25000;277;Cyklogra kołem się toczy - terenowa gra na rowerach i nie tylko;sport and recreation,community building;0;52.24727153888889;21.012846514671796
566;140000;237;Syreny i Trytoni – wsparcie dla osób po zabiegach histerektomii i orchidektomii;health and welfare;0;;
1803;42000;220;Prehabilitacja – przyszła Mamo! Przygotuj się do cesarskiego cięcia!;health and welfare;0;;
VOTES
voter_id;vote;age;sex;voting_method;neighborhood
217759;1822,322,1992,1589,1114;42;M;internet;Ursynów
217760;1454,644,1291,922,1109;41;M;internet;Bielany
217761;278,1458,1952,1109,1947;32;F;internet;Rembertów
217765;1114;32;M;internet;Praga-Północ
217768;1401,711,149,1734,915;40;F;internet;Ursynów
217769;214,1273,1952,711,855;33;M;internet;Ursynów
217770;915,278,113,1703,1401;42;F;internet;Praga-Południe
217771;1403,214,732,1952,149;42;F;internet;Praga-Południe
217773;79,99,1403,846,214;34;F;internet;Praga-Południe
217775;1932,278,1109,915,1348;38;F;internet;Białołęka
217776;1458,1222,1375,855,1348;42;M;internet;-
217777;93,1822,922,711,1844;35;F;internet;Ursynów
217778;1822,1397,846,711,795;33;M;internet;Praga-Południe
217779;915,1401,1158,1190,1273;23;M;internet;Rembertów
217780;1753,1401,800,1734,915;25;F;internet;Targówek
217781;214,93,1273,1109,915;21;F;internet;Ursynów
217782;93,322,1348,1405,1310;42;F;internet;Praga-Południe
217783;1348,113,82,1401,1114;28;M;internet;Targówek
217785;343,214,457,1794,1844;36;M;internet;Wola
217786;732,711,915,855;55;F;internet;Ursynów
217787;1703,1208,214,1214,278;38;F;internet;Ursynów
217789;1803,1989,844,1227,795;34;M;internet;Ursynów
217790;922,1403,1454,214,1401;38;F;internet;Bielany
217791;2199,644,800,93,1273;54;F;internet;Ursynów
217792;1822,844,1397,846,711;57;M;internet;Mokotów
217793;99,38;65;F;internet;Praga-Południe
217794;234,802,1952,915,1403;33;F;internet;Praga-Południe
217799;922,1401,278,1227,1222;40;F;internet;Ochota
217800;1926,1703,1822,915,711;39;F;internet;Ursynów
217802;214,322,1109,915,1348;35;F;internet;Praga-Południe
217803;79,1961,214;37;F;internet;Ursynów
217804;2199,732,1932,1952,1114;60;M;internet;Ochota
217807;800,1273,855,1397,214;63;F;internet;-
217808;844,82,1397,846,322;36;M;internet;Ursus
217809;566,1425,214,103,1622;50;M;internet;Ochota
217810;1346,82,1397,322,1734;40;M;internet;Bielany
217811;915,1703,113,1401,214;8;M;internet;Praga-Południe
217812;79,343,99,800,1348;34;M;internet;Praga-Południe
