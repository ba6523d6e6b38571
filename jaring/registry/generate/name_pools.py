"""Name pools for the synthetic population, by naming tradition, and which traditions live where.

Hand-collected common names; nothing here is a real person's record. A tradition has given names
for men and women, optionally clan/family names passed from father to child (Batak marga,
Minahasa fam, NTT/Maluku/Papua family names, Chinese-Indonesian family names), and a style that
names.py knows how to assemble.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tradition:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...] = ()
    style: str = "given"  # given | single | clan | bali | female_clan (wife keeps her own clan)
    female_prefixes: tuple[str, ...] = ()  # Siti, Sri, Nur...: prefixed to some women's names
    male_titles: tuple[str, ...] = ()  # Andi (Bugis), Teuku (Aceh), Lalu (Sasak)...
    female_titles: tuple[str, ...] = ()


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Names given widely since the 1990s, mixed into every Muslim-majority tradition for the young.
MODERN_MALE = _t(
    "Rizky Aditya Dimas Fajar Bagas Rafi Naufal Arkan Farhan Reza Ilham Yoga Dwi Eko Bayu Rendi "
    "Fikri Alif Daffa Galih Hafiz Haikal Irfan Kevin Raka Satria Zidan Akbar Pratama Saputra "
    "Ramadhan Hidayat Firmansyah Maulana Nugroho"
)
MODERN_FEMALE = _t(
    "Putri Nabila Aisyah Alya Dinda Salsabila Zahra Keisha Nadia Amelia Anisa Citra Dewi Fitri "
    "Indah Intan Kirana Nayla Rahma Ratna Safira Tiara Wulan Aulia Azzahra Cahya Lestari Maharani "
    "Permata Rahmawati Safitri Anggraini Oktaviani Puspita"
)

TRADITIONS: dict[str, Tradition] = {
    "jawa": Tradition(
        male=_t(
            "Suparman Sutrisno Slamet Sugiarto Bambang Joko Agus Budi Wahyu Hadi Heru Sugeng "
            "Supriyadi Suyatno Wagiman Paijo Darmo Sukirno Mulyono Purnomo Setiawan Santoso "
            "Prasetyo Widodo Kusnadi Sumarno Tukiman Parjo Harjono Warsito Teguh Gunawan Eko Dwi"
        ),
        female=_t(
            "Suparmi Sumiati Wartini Painem Sukarni Tumini Suwarni Rini Endang Tri Wahyuni "
            "Lestari Rahayu Handayani Purwanti Sulastri Mulyani Kasiyem Ngatini Surti Yuliani "
            "Kartini Setyowati Puji Astuti Widayati Suharti Partini"
        ),
        style="single",
        female_prefixes=_t("Siti Sri Nur"),
    ),
    "sunda": Tradition(
        male=_t(
            "Asep Ujang Cecep Dadang Dede Yayat Ade Aep Endang Entis Iwan Jajang Kurnia Nandang "
            "Oman Rohman Ruhiyat Saepudin Sopian Tatang Ucup Wawan Yana Yayan Deden Dudi Engkus "
            "Hendi Maman Odang Sukmana Suherman Supriatna Hidayat Kusnadi"
        ),
        female=_t(
            "Euis Neng Iis Imas Entin Enung Eti Ai Cucu Dedeh Elis Empat Ida Ika Iin Lilis Nenden "
            "Nining Popon Rina Tati Titin Yeni Yati Heni Nurhayati Rohaeni Kokom Onah Tuti"
        ),
        female_prefixes=_t("Siti Neng Nur"),
    ),
    "betawi_melayu": Tradition(
        male=_t(
            "Muhammad Ahmad Rahmat Zainal Sabri Nurdin Syamsul Rusli Usman Hamid Jafar Bahrum "
            "Mahmud Basri Harun Rizal Faisal Sulaiman Abdullah Saleh Amir Effendi Rosyid "
            "Syahrial Zulkifli Hasan Ismail Idris"
        ),
        female=_t(
            "Rohani Salmah Maimunah Zubaidah Rosmiati Hasanah Nurhaliza Mariam Halimah Rukiah "
            "Zaleha Fatimah Aminah Juriah Saodah Masitah Rohaya Kamariah Nurbaya Zuraida"
        ),
        female_prefixes=_t("Siti Nur Wan"),
    ),
    "batak": Tradition(
        male=_t(
            "Togar Parulian Maruli Hotman Bonar Sahat Tigor Poltak Marojahan Binsar Janter "
            "Hotma Pardamean Rudi Jhonny Robert Martua Darwin Ronald Benny Monang Horas Sudung "
            "Daniel Samuel Lamhot"
        ),
        female=_t(
            "Rosma Tiurma Dameria Rotua Sondang Nurmala Rugun Tiominar Lasma Romauli Masniari "
            "Hotmaida Maria Ruth Debora Erna Linda Rosdiana Saur Tiarma Melati Juliana"
        ),
        family=_t(
            "Simanjuntak Siregar Sitorus Hutagalung Nainggolan Simatupang Situmorang Panjaitan "
            "Harahap Nasution Lubis Sinaga Sihombing Pardede Manurung Hutapea Silalahi Tampubolon "
            "Pasaribu Simbolon Sinaga Marpaung Sembiring Ginting Tarigan Purba Saragih Damanik"
        ),
        style="female_clan",
    ),
    "minang": Tradition(
        male=_t(
            "Afrizal Zulkarnain Yusrizal Syafrizal Darmawan Jufri Nasrul Amril Masrul Yondri "
            "Hendri Zulfikar Erizal Asrul Bachtiar Irwan Andri Rahmat Fadli Zainal Datuak Syamsul"
        ),
        female=_t(
            "Rahmi Yenni Desmawati Nurhayati Yusnimar Rosmaini Ernawati Fitriani Misnawati "
            "Syafrida Elvi Yulia Rosnelli Nurmaini Nelwati Warni Darnis Zurnila Asmawati Rita"
        ),
        female_prefixes=_t("Siti Nur"),
    ),
    "aceh": Tradition(
        male=_t(
            "Muhammad Mukhlis Zulfikar Fauzan Nasir Mahmud Ridwan Syukri Jailani Usman Husaini "
            "Bukhari Khairul Marzuki Munir Saiful Zubir Iskandar Armia Basri Yusri Razali Hasbi"
        ),
        female=_t(
            "Nurul Fitri Rahmah Nurhayati Cut Mawar Zahara Rosnani Syarifah Ainul Maisarah "
            "Hafsah Rukaiyah Safrida Yusnidar Nurlaila Rosmiati Khairiah Raudhah Asmaul"
        ),
        female_prefixes=_t("Siti Nur Cut"),
        male_titles=_t("Teuku Tgk."),
    ),
    "bugis": Tradition(
        male=_t(
            "Baso Hasanuddin Arifin Syamsuddin Muhammad Sudirman Ambo Beddu Lanre Mappa Ridwan "
            "Amiruddin Jamaluddin Haeruddin Nasrullah Kamaruddin Syahrir Muhtar Rahman Daeng "
            "Yusuf Kahar Akbar Ilham Ashar Nurdin"
        ),
        female=_t(
            "Becce Hasnah Nurhaedah Rahmatia Hasmiah Nurmiati Sitti Rosdiana Kartini Hadijah "
            "Jumriah Syamsiah Harlina Hasnawati Ramlah Nurlina Asmawati Sunarti Marlina Irma"
        ),
        female_prefixes=_t("Sitti Nur"),
        male_titles=_t("Andi"),
        female_titles=_t("Andi"),
    ),
    "bali": Tradition(
        male=_t(
            "Sudarsana Suarsana Arsana Mertayasa Sujana Wirawan Adnyana Astawa Darmawan Suardana "
            "Sukadana Widiana Artawan Budiarta Sutama Parwata Suwitra Ariawan Antara Mahendra"
        ),
        female=_t(
            "Ayu Lestari Sriani Suartini Wartini Arini Sukerti Sudiani Puspawati Artini Yuliani "
            "Kartika Suciati Sumiarti Wahyuni Susanti Ariani Darmayanti Apriani Candra"
        ),
        style="bali",
    ),
    "sasak": Tradition(
        male=_t(
            "Zaini Mahsun Sahnan Muhsin Hamdi Zulkifli Ahyar Abdul Mustiadi Suhaimi Saparwadi "
            "Hirsan Rusdi Amrullah Sapri Jumahir Nasrun Murdi Saharudin Junaidi"
        ),
        female=_t(
            "Nurul Hidayati Sahnun Rohaniah Maknah Inaq Sumiati Nurhasanah Rukmini Zohriah "
            "Hartini Saeni Sanah Muniah Sitiah Halimatun Husniati Mardiah Rabiah"
        ),
        female_prefixes=_t("Siti Nur Baiq"),
        male_titles=_t("Lalu"),
        female_titles=_t("Baiq"),
    ),
    "banjar": Tradition(
        male=_t(
            "Ramli Rasyidi Syahrani Antung Anang Jumberi Saberi Abdul Hamdani Fahrurrazi Gusti "
            "Husin Mahlan Rusmadi Arbain Samsuri Masrani Jailani Fauzi Norhadi Syarkawi"
        ),
        female=_t(
            "Mariam Norhayati Masliani Jamilah Rusdiana Halimah Nordiana Salasiah Mahrita "
            "Rahmah Aluh Galuh Hamidah Kurniati Norjannah Raudah Syarifah Saniah Farida"
        ),
        female_prefixes=_t("Siti Nor"),
    ),
    "dayak": Tradition(
        male=_t(
            "Yohanes Agustinus Fransiskus Markus Stefanus Yulius Kornelius Paulus Andreas "
            "Anyau Apui Ngadan Lanyau Dehen Suling Bahen Dominikus"
        ),
        female=_t(
            "Maria Yuliana Agustina Veronika Magdalena Kristina Theresia Martha Elisabeth Bulan "
            "Dayang Itah Sumi Lusia Rosalia"
        ),
        family=_t("Djaman Ngalai Bahen Anyie Usat Lawing Ajang Dehen Ingan Ledang Jalung"),
        style="clan",
    ),
    "minahasa": Tradition(
        male=_t(
            "Johny Frans Ronny Stenly Meidy Jefry Deddy Hendrik Alfrets Marthen Jemmy Roy Vecky "
            "Noldy Arnold Jantje Fery Herry Recky Vicky"
        ),
        female=_t(
            "Meity Jeane Olga Marlyn Deasy Vonny Grace Inggrid Henny Lenny Stella Yolanda Ribka "
            "Sisca Wenny Prisca Novita Christin Debby Fience"
        ),
        family=_t(
            "Wowor Sumampouw Rondonuwu Tumbelaka Lumentut Pangemanan Kaunang Mandagi Supit "
            "Tumewu Lengkong Sondakh Rumengan Tangkilisan Walangitan Runtukahu Moningka Karamoy"
        ),
        style="clan",
    ),
    "ntt": Tradition(
        male=_t(
            "Yohanes Fransiskus Agustinus Yosef Petrus Paulus Aloysius Markus Robertus Matias "
            "Yakobus Kornelis Bernadus Gabriel Stefanus Dominggus Marselinus Hendrikus Benediktus"
        ),
        female=_t(
            "Maria Margaretha Elisabeth Yasinta Fransiska Theresia Agustina Veronika Yuliana "
            "Paulina Kristina Skolastika Bernadeta Anastasia Magdalena Yohana Serlina Oktovina"
        ),
        family=_t(
            "Ndun Manafe Bria Fanggidae Nahak Lake Tefa Seran Tallo Nope Bani Kase Amalo Mau Taek "
            "Kolo Bere Nenobais Lado Wele Kopong Making"
        ),
        style="clan",
    ),
    "maluku": Tradition(
        male=_t(
            "Yopie Johanis Semuel Melkias Frans Agustinus Jacob Abraham Hendrik Marthen Obet "
            "Christian Yusuf Hasan Ali Rahman"
        ),
        female=_t(
            "Yohana Maria Ester Debora Naomi Sarah Wempy Ribka Agustina Elsina Nona Salmah Hadija "
            "Fatma Ruth"
        ),
        family=_t(
            "Pattiasina Tuhumury Lewerissa Sahetapy Matulessy Latuconsina Pattimura Tuasikal "
            "Ohorella Wattimena Huwae Leiwakabessy Sopacua Tahapary Renwarin Rahakbauw Ngabalin"
        ),
        style="clan",
    ),
    "papua": Tradition(
        male=_t(
            "Yakob Markus Beni Frans Yohanis Petrus Lukas Elias Natalis Yulianus Demianus Otto "
            "Simon Niko Enos Titus Daud Yance Paulus Herman"
        ),
        female=_t(
            "Yohana Naomi Mariana Agustina Selina Yuliana Ester Debora Ruth Lince Martha Hana "
            "Yosina Elsye Frederika Rosalina Dorkas Marice"
        ),
        family=_t(
            "Wenda Kogoya Tabuni Wonda Yikwa Enembe Rumbiak Mandowen Wanma Kambu Gebze Mahuze "
            "Wakerkwa Murib Magai Pigai Mote Tebai Kayame Yoman Wetipo Asso Karubaba Rumaropen"
        ),
        style="clan",
    ),
    "tionghoa": Tradition(
        male=_t(
            "Hendra Budi Andi Kevin Stevanus Wilson Felix Hendrik Sutanto Herman Johan Rudy "
            "Jimmy Erwin Tommy Hartanto Yohanes Vincent Michael William"
        ),
        female=_t(
            "Lily Linda Melinda Jessica Cindy Yenny Susanti Lanny Meilani Fenny Vivian Sherly "
            "Natalia Angela Grace Veronica Monica Stephanie Lisa Mei"
        ),
        family=_t(
            "Wijaya Halim Gunawan Tanoto Santoso Kusuma Salim Sugiarto Tanuwijaya Hartono Lim "
            "Setiadi Tjandra Tanjaya Widjaja Susanto Liem Sutedja Hermawan Lukito"
        ),
        style="clan",
    ),
    "islami": Tradition(
        male=_t(
            "Muhammad Ahmad Abdul Rahman Umar Hasan Husain Ali Ibrahim Yusuf Ismail Zakaria "
            "Sulaiman Idris Fauzi Hamzah Bilal Khalid Said Anwar Aziz Karim Latif Mansur Syarif"
        ),
        female=_t(
            "Fatimah Aisyah Khadijah Zainab Aminah Maryam Hafsah Rukayah Halimah Salamah "
            "Nurjannah Nurhasanah Rahmawati Jamilah Hamidah Syarifah Maisaroh Mutmainah Zulaikha"
        ),
        female_prefixes=_t("Siti Nur"),
    ),
}

# Traditions per province (weights), a rough picture of who lives where. Unlisted provinces use
# the national mix.
NATIONAL_MIX = {
    "jawa": 40,
    "sunda": 15,
    "betawi_melayu": 10,
    "islami": 15,
    "bugis": 5,
    "batak": 5,
    "minang": 4,
    "tionghoa": 3,
    "ntt": 3,
}
PROVINCE_MIX: dict[str, dict[str, int]] = {
    "11": {"aceh": 80, "islami": 10, "batak": 5, "jawa": 5},
    "12": {"batak": 45, "betawi_melayu": 15, "jawa": 25, "tionghoa": 6, "islami": 9},
    "13": {"minang": 85, "batak": 5, "jawa": 5, "islami": 5},
    "14": {"betawi_melayu": 40, "minang": 15, "jawa": 25, "batak": 12, "tionghoa": 4, "islami": 4},
    "15": {"betawi_melayu": 45, "jawa": 30, "minang": 10, "islami": 10, "batak": 5},
    "16": {"betawi_melayu": 60, "jawa": 25, "islami": 10, "tionghoa": 5},
    "17": {"betawi_melayu": 50, "jawa": 25, "minang": 10, "islami": 15},
    "18": {"jawa": 60, "betawi_melayu": 20, "sunda": 10, "bali": 4, "islami": 6},
    "19": {"betawi_melayu": 60, "tionghoa": 25, "jawa": 10, "islami": 5},
    "21": {"betawi_melayu": 40, "jawa": 20, "batak": 15, "minang": 10, "tionghoa": 15},
    "31": {
        "betawi_melayu": 25,
        "jawa": 35,
        "sunda": 15,
        "tionghoa": 7,
        "batak": 5,
        "minang": 5,
        "islami": 8,
    },
    "32": {"sunda": 75, "jawa": 10, "islami": 10, "betawi_melayu": 5},
    "33": {"jawa": 85, "islami": 12, "tionghoa": 3},
    "34": {"jawa": 88, "islami": 10, "tionghoa": 2},
    "35": {"jawa": 80, "islami": 15, "tionghoa": 3, "bugis": 2},
    "36": {"sunda": 50, "betawi_melayu": 15, "jawa": 15, "islami": 15, "tionghoa": 5},
    "51": {"bali": 85, "jawa": 10, "islami": 5},
    "52": {"sasak": 70, "islami": 15, "bali": 5, "bugis": 10},
    "53": {"ntt": 90, "islami": 5, "bugis": 5},
    "61": {"betawi_melayu": 35, "dayak": 35, "tionghoa": 15, "jawa": 10, "bugis": 5},
    "62": {"dayak": 45, "banjar": 30, "jawa": 20, "islami": 5},
    "63": {"banjar": 80, "jawa": 12, "islami": 8},
    "64": {"jawa": 30, "bugis": 25, "banjar": 20, "dayak": 15, "islami": 10},
    "65": {"dayak": 35, "bugis": 30, "jawa": 20, "tionghoa": 5, "islami": 10},
    "71": {"minahasa": 75, "islami": 15, "tionghoa": 5, "jawa": 5},
    "72": {"bugis": 40, "islami": 30, "jawa": 15, "minahasa": 15},
    "73": {"bugis": 80, "islami": 15, "tionghoa": 3, "jawa": 2},
    "74": {"bugis": 55, "islami": 30, "jawa": 15},
    "75": {"islami": 70, "bugis": 20, "minahasa": 10},
    "76": {"bugis": 70, "islami": 25, "jawa": 5},
    "81": {"maluku": 80, "islami": 10, "bugis": 10},
    "82": {"maluku": 50, "islami": 35, "bugis": 10, "jawa": 5},
    "91": {"papua": 75, "jawa": 10, "bugis": 8, "maluku": 7},
    "92": {"papua": 65, "jawa": 15, "bugis": 10, "maluku": 10},
    "93": {"papua": 70, "jawa": 20, "bugis": 5, "maluku": 5},
    "94": {"papua": 85, "bugis": 8, "jawa": 7},
    "95": {"papua": 95, "jawa": 5},
    "96": {"papua": 65, "jawa": 15, "bugis": 10, "maluku": 10},
}

# Street and hamlet names for addresses.
STREETS = _t(
    "Merdeka Pahlawan Sudirman Diponegoro Gajah_Mada Ahmad_Yani Melati Mawar Kenanga Anggrek "
    "Flamboyan Cempaka Dahlia Kamboja Teratai Nangka Mangga Rambutan Durian Kelapa Cendana "
    "Veteran Pemuda Kartini Imam_Bonjol Hasanuddin Sisingamangaraja Cut_Nyak_Dien Pattimura "
    "Masjid Pasar Sekolah Raya Lingkar Kebon Sawah Baru"
)
HAMLETS = _t(
    "Krajan Sukamaju Sukamulya Mekarsari Sindangsari Karanganyar Sidomulyo Sumberejo Tegalsari "
    "Margomulyo Sukajadi Suka_Damai Tanjung Pematang Lubuk Kampung_Baru Banjar_Kaja Banjar_Kelod "
    "Jorong_Koto Lembah Air_Putih Batu_Putih Wonorejo Purwosari Kebonagung"
)
