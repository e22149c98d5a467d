package io.mailsync.testkit.corpus;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What people write, per language: subjects, sentences, greetings, sign-offs and reply attributions. Dates in
 * attributions use numeric or fixed English patterns so the text does not depend on the JDK's locale data.
 */
final class Phrases {
    private static final DateTimeFormatter EN_DATE =
            DateTimeFormatter.ofPattern("EEE, MMM d, yyyy 'at' HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DE_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy 'um' HH:mm", Locale.ROOT);
    private static final DateTimeFormatter FR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm", Locale.ROOT);
    private static final DateTimeFormatter JA_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm", Locale.ROOT);

    private static final List<String> EN_SUBJECTS = List.of(
            "Quarterly planning", "Lunch on Thursday?", "Draft proposal for the new client", "Budget numbers for Q3",
            "Team offsite ideas 🎉", "Can you review my pull request?", "Travel arrangements for the conference",
            "Contract renewal", "Weekly status update", "Question about the invoice", "Coffee next week ☕",
            "Onboarding checklist", "Server migration plan", "Photos from the weekend 📷",
            "Feedback on the café menu redesign");
    private static final List<String> DE_SUBJECTS = List.of(
            "Besprechung nächste Woche", "Angebot für das Projekt Süd", "Rückfrage zur Rechnung",
            "Urlaubsplanung für August", "Protokoll der Sitzung vom Dienstag", "Änderungen am Vertrag",
            "Grüße aus München", "Übergabe der Unterlagen", "Termin für die Prüfung",
            "Kostenvoranschlag – bitte prüfen", "Straßenfest im Juni", "Zugangsdaten für das Portal");
    private static final List<String> FR_SUBJECTS = List.of(
            "Réunion de lundi", "Présentation du projet", "Facture n° 2024-117", "Déjeuner à la brasserie ?",
            "Compte rendu de la réunion", "Congés d'été", "Mise à jour du contrat", "Question sur le budget",
            "Fête de fin d'année 🎄", "Problème d'accès à l'espace client", "Planning des livraisons");
    private static final List<String> JA_SUBJECTS = List.of(
            "会議の議事録", "来週の打ち合わせについて", "見積書の送付", "プロジェクトの進捗報告", "出張の件",
            "資料のご確認のお願い", "新年会のお知らせ 🎍");

    private static final List<String> EN_SENTENCES = List.of(
            "I had a look at the numbers you sent over yesterday.",
            "Could you double-check the figures in section two before Friday?",
            "The client asked whether we can move the deadline by a week.",
            "I've put the latest version on the shared drive so you can compare.",
            "Let me know if Tuesday afternoon works for you.",
            "We still need sign-off from legal before we can proceed.",
            "Thanks again for jumping on this so quickly!",
            "I'm out of office on Monday, but reachable by phone.",
            "The meeting room on the third floor is booked from 10 to 11.",
            "Sorry for the slow reply, it has been a busy week.",
            "I think we should keep the scope small for the first release.",
            "Happy to hop on a call if that's easier.",
            "Please loop in Sam from finance as well.",
            "Looks good to me 👍",
            "The résumé you forwarded looks promising, let's invite her for an interview.",
            "Costs came in at $1,240, which is 8% under budget.");
    private static final List<String> DE_SENTENCES = List.of(
            "Ich habe mir die Unterlagen gestern Abend angesehen.",
            "Könnten Sie die Zahlen bis Freitag noch einmal prüfen?",
            "Der Kunde möchte den Termin um eine Woche verschieben.",
            "Die überarbeitete Fassung liegt jetzt im gemeinsamen Ordner.",
            "Passt Ihnen Dienstagnachmittag um 14 Uhr?",
            "Die Rechnung über 1.250 € ist noch offen.",
            "Vielen Dank für die schnelle Rückmeldung!",
            "Ich bin nächste Woche im Urlaub, mein Kollege übernimmt.",
            "Wir müssen das noch mit der Geschäftsführung abstimmen.",
            "Die Straße vor dem Büro ist ab Montag gesperrt.",
            "Bitte geben Sie mir kurz Bescheid, ob das so in Ordnung ist.",
            "Größere Änderungen würde ich gern vorher besprechen.");
    private static final List<String> FR_SENTENCES = List.of(
            "J'ai regardé les chiffres que vous m'avez envoyés hier.",
            "Pourriez-vous vérifier le tableau avant vendredi ?",
            "Le client souhaite décaler l'échéance d'une semaine.",
            "La version mise à jour se trouve dans le dossier partagé.",
            "Êtes-vous disponible mardi après-midi ?",
            "Merci beaucoup pour votre réactivité !",
            "Je serai en congé la semaine prochaine.",
            "Nous devons encore obtenir l'accord de la direction.",
            "La salle de réunion du deuxième étage est réservée de 10 h à 11 h.",
            "Le café près de la gare est très agréable.",
            "N'hésitez pas à me contacter si besoin.",
            "Le cœur du problème reste le délai de livraison.");
    private static final List<String> JA_SENTENCES = List.of(
            "昨日お送りいただいた資料を拝見しました。",
            "金曜日までに数字をご確認いただけますでしょうか。",
            "お客様から締め切りを一週間延ばせないかとのご相談がありました。",
            "最新版を共有フォルダに置きましたので、ご確認ください。",
            "火曜日の午後はご都合いかがでしょうか。",
            "迅速なご対応ありがとうございます。",
            "来週は休暇をいただいております。",
            "会議室は10時から11時まで予約済みです。",
            "何かございましたらお気軽にご連絡ください。");

    private Phrases() {
    }

    /** A subject for a new conversation. */
    static String subject(Language language, Randoms random) {
        return random.pick(switch (language) {
            case EN -> EN_SUBJECTS;
            case DE -> DE_SUBJECTS;
            case FR -> FR_SUBJECTS;
            case JA -> JA_SUBJECTS;
        });
    }

    /** {@code count} different sentences of ordinary correspondence. */
    static List<String> sentences(Language language, int count, Randoms random) {
        return random.some(switch (language) {
            case EN -> EN_SENTENCES;
            case DE -> DE_SENTENCES;
            case FR -> FR_SENTENCES;
            case JA -> JA_SENTENCES;
        }, count, List.of());
    }

    /** The greeting line for one addressee, or for several when {@code name} is empty. */
    static String greeting(Language language, String name) {
        boolean all = name.isEmpty();
        return switch (language) {
            case EN -> all ? "Hi all," : "Hi " + name + ",";
            case DE -> all ? "Hallo zusammen," : "Hallo " + name + ",";
            case FR -> all ? "Bonjour à tous," : "Bonjour " + name + ",";
            case JA -> all ? "皆様" : name + "さん";
        };
    }

    /** A sign-off line, without the name under it. */
    static String closing(Language language, Randoms random) {
        return switch (language) {
            case EN -> random.pick(List.of("Best,", "Thanks,", "Cheers,"));
            case DE -> random.pick(List.of("Viele Grüße", "Beste Grüße", "Mit freundlichen Grüßen"));
            case FR -> random.pick(List.of("Cordialement,", "Bien à vous,", "Merci,"));
            case JA -> "よろしくお願いいたします。";
        };
    }

    /** The line that introduces quoted text: who wrote it and when. */
    static String attribution(Language language, ZonedDateTime when, String who) {
        return switch (language) {
            case EN -> "On " + EN_DATE.format(when) + ", " + who + " wrote:";
            case DE -> "Am " + DE_DATE.format(when) + " schrieb " + who + ":";
            case FR -> "Le " + FR_DATE.format(when) + ", " + who + " a écrit :";
            case JA -> JA_DATE.format(when) + " " + who + ":";
        };
    }

    /** The subject prefix a mail client in this language puts on replies. */
    static String replyPrefix(Language language) {
        return language == Language.DE ? "AW: " : "Re: ";
    }
}
