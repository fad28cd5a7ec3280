package dev.parley.im.message;

import dev.parley.im.iq.DiscoHandlers;
import dev.parley.xmpp.api.Ns;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** XEP-0160 §4: the server advertises offline message storage as "msgoffline". */
@ApplicationScoped
public class OfflineFeature implements DiscoHandlers.FeatureContributor {
    @Override public Collection<String> features() { return List.of(Ns.OFFLINE); }
}
