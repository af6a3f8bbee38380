package dev.authz.command.authorization;

import dev.authz.command.authorization.PolicyCommands.AuthorizeResources;
import dev.authz.command.authorization.PolicyCommands.GrantResources;
import org.axonframework.modelling.command.Repository;
import org.axonframework.commandhandling.CommandHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** authorize-resources over several targets: one unit of work, so one unknown target grants nothing. */
@Component
public class PolicyBatchCommandHandler {
    private final Repository<PolicyAggregate> policies;

    public PolicyBatchCommandHandler(@Qualifier("policyAggregateRepository") Repository<PolicyAggregate> policies) {
        this.policies = policies;
    }

    @CommandHandler
    public void handle(AuthorizeResources command, PolicyTargets targets) throws Exception {
        for (GrantResources grant : command.policies()) {
            policies.loadOrCreate(grant.policyId(), PolicyAggregate::new)
                    .execute(policy -> policy.grant(grant, targets));
        }
    }
}
